package org.sparknmt.cli;

import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleIO;
import org.sparknmt.config.ConfigException;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.offline.TableFormat;
import org.sparknmt.offline.TranslateJob;
import org.sparknmt.offline.TranslateJobConfig;
import org.sparknmt.offline.TranslateTableJob;
import org.sparknmt.translate.OverlongPolicy;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.Translator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code spark-nmt translate}: the Spark batch translation job ({@link TranslateJob}), or with {@code --local} a
 * quick translation in this JVM (stdin/stdout or local files).
 */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Translate text, one sentence per line, or a table's column with a checkpoint bundle: a Spark"
                + " job (any Hadoop path), or --local in this JVM (text only).")
public final class TranslateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "Checkpoint bundle (e.g. <run>/checkpoints/step-....bundle); any Hadoop path.")
    String bundle;

    @Option(names = "--input", defaultValue = "-", paramLabel = "PATH", description = "Input, one sentence per line: a file, a directory of parts or a glob (files in path order), plain, .gz or .bz2; - for stdin (--local). With a table --format: the table (a directory, file or glob). Default: ${DEFAULT-VALUE}.")
    String input;

    @Option(names = "--output", defaultValue = "-", paramLabel = "FILE", description = "Output file, line-aligned with the input (.gz/.bz2 compress it); - for stdout (--local). With a table --format: the output table directory. Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text (one sentence per line), or a table: parquet, orc, json, csv (with a header line). A table output has the input's rows and columns plus --output-column. Default: ${DEFAULT-VALUE}.")
    TableFormat format;

    @Option(names = "--column", paramLabel = "NAME", description = "The string column to translate (table formats; required for them).")
    String column;

    @Option(names = "--output-column", defaultValue = "translation", paramLabel = "NAME", description = "The new column for the translations (table formats; array<string> with --nbest > 1). Default: ${DEFAULT-VALUE}.")
    String outputColumn;

    @Option(names = "--beam", defaultValue = "1", description = "Beam size (1 = greedy). Default: ${DEFAULT-VALUE}.")
    int beam;

    @Option(names = "--nbest", defaultValue = "1", description = "Translations per sentence (<= beam); more than 1 writes TSV: line, rank, score, text. Default: ${DEFAULT-VALUE}.")
    int nbest;

    @Option(names = "--length-penalty", paramLabel = "ALPHA", description = "GNMT length penalty for beam search, 0 = off. Default: 0.6 with beam > 1.")
    Double lengthPenalty;

    @Option(names = "--max-length-ratio", defaultValue = "1.5", description = "Output length limit: ratio x source subwords + offset. Default: ${DEFAULT-VALUE}.")
    double maxLengthRatio;

    @Option(names = "--max-length-offset", defaultValue = "5", description = "See --max-length-ratio. Default: ${DEFAULT-VALUE}.")
    int maxLengthOffset;

    @Option(names = "--max-source-tokens", defaultValue = "0", paramLabel = "N", description = "Source limit in subwords; 0 = the longest the model was trained on (prep's batch.maxSubwords). Default: ${DEFAULT-VALUE}.")
    int maxSourceTokens;

    @Option(names = "--overlong", defaultValue = "truncate", paramLabel = "POLICY", description = "A source over the limit: truncate (translate its first N subwords), skip (empty output line) or fail. Counted either way. Default: ${DEFAULT-VALUE}.")
    OverlongPolicy overlong;

    @Option(names = "--batch-size", defaultValue = "64", description = "Sentences per decoding pass. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--partitions", defaultValue = "0", description = "Translation tasks; 0 = max(default parallelism, lines / --lines-per-partition). Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--lines-per-partition", defaultValue = "1000", description = "Lines per task when --partitions is 0. Default: ${DEFAULT-VALUE}.")
    int linesPerPartition;

    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL", description = "Spark master when not run by spark-submit. Default: ${DEFAULT-VALUE}.")
    String master;

    @Option(names = "--progress-seconds", defaultValue = "10", description = "Seconds between progress lines. Default: ${DEFAULT-VALUE}.")
    int progressSeconds;

    @Option(names = "--local", description = "Translate in this JVM without Spark (local files or stdin/stdout). Default: ${DEFAULT-VALUE}.")
    boolean local;

    @Option(names = "--overwrite", description = "Replace an existing output. Default: ${DEFAULT-VALUE}.")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        DecodeOptions options = decodeOptions();
        OverlongPolicy policy = overlong;
        if (local && format.isTable()) {
            throw new ConfigException("--local reads and writes text only; tables (--format " + format.lowerName()
                    + ") need Spark");
        }
        if (local) {
            Bundle b = readLocalBundle();
            SourceLimit limit = new SourceLimit(maxSourceTokens > 0 ? maxSourceTokens
                    : SourceLimit.trainedLimit(b.dataConfigYaml()), policy);
            Translator translator = Translator.of(b, b.network(), batchSize, limit.maxTokens());
            new LocalTranslation(translator, options, limit).run(input, output, overwrite);
            return 0;
        }
        if ("-".equals(input) || "-".equals(output)) {
            throw new ConfigException("the Spark job reads --input and writes --output as files; stdin/stdout (-)"
                    + " need --local");
        }
        TranslateJobConfig cfg = new TranslateJobConfig(input, output, bundle, options, maxSourceTokens, policy,
                batchSize, linesPerPartition, partitions, overwrite, progressSeconds);
        TranslateTableJob.Config table = tableConfig(cfg);
        try (JavaSparkContext sc = SparkContexts.create("spark-nmt translate", master)) {
            String summary = table == null ? new TranslateJob(sc, cfg).run().format() : new TranslateTableJob(sc, table).run();
            spec.commandLine().getOut().println(summary);
            spec.commandLine().getOut().println(MemoryReport.line(sc));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** The table settings for a table {@code --format}, else null (text); options that do not apply are refused. */
    private TranslateTableJob.Config tableConfig(TranslateJobConfig cfg) {
        TableFormat f = format;
        if (!f.isTable()) {
            if (column != null) {
                throw new ConfigException("--column applies to table formats (--format parquet|orc|json|csv), not text");
            }
            return null;
        }
        if (column == null) {
            throw new ConfigException("--format " + f.lowerName() + " needs --column (the string column to translate)");
        }
        if (partitions != 0) {
            throw new ConfigException("--partitions applies to --format text; a table is translated in the partitions"
                    + " Spark reads it in");
        }
        return new TranslateTableJob.Config(cfg, f, column, outputColumn);
    }

    private DecodeOptions decodeOptions() {
        try {
            DecodeOptions o = DecodeOptions.of(beam, nbest).withMaxLength(maxLengthRatio, maxLengthOffset);
            return lengthPenalty == null ? o : o.withLengthPenalty(lengthPenalty);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("decoding options (--beam " + beam + ", --nbest " + nbest + "): " + e.getMessage());
        }
    }

    private Bundle readLocalBundle() throws IOException {
        try {
            return BundleIO.read(Path.of(bundle));
        } catch (NoSuchFileException e) {
            throw new ConfigException("--bundle: file not found: " + bundle);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("--bundle " + bundle + " cannot be read: " + e.getMessage());
        }
    }
}
