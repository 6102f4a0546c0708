package org.sparknmt.cli;

import org.sparknmt.eval.BleuTokenizer;
import org.sparknmt.eval.CorpusBleu;
import org.sparknmt.eval.CorpusChrf;
import org.sparknmt.eval.CorpusTer;
import org.sparknmt.eval.TerOptions;
import org.sparknmt.eval.TextSegments;
import org.sparknmt.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code spark-nmt evaluate}: sacreBLEU-compatible corpus metrics of a hypothesis file against a reference file,
 * each on its own line with its signature, in sacreBLEU's text format, always in the order chrF, TER, BLEU (so BLEU,
 * when asked for, is the last line). By default chrF and BLEU, as before TER was added.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score translations with sacreBLEU-compatible BLEU, chrF and TER.")
public final class EvaluateCommand implements Callable<Integer> {
    /** The metrics, in the order they are printed. */
    public enum Metric { CHRF, TER, BLEU }

    @Spec
    CommandSpec spec;

    @Option(names = "--ref", required = true, paramLabel = "FILE", description = "Reference translations, one per line (UTF-8); any Hadoop path, .gz/.bz2 read as such.")
    String ref;

    @Option(names = "--hyp", required = true, paramLabel = "FILE", description = "System translations, line-aligned with --ref; any Hadoop path, .gz/.bz2 read as such.")
    String hyp;

    @Option(names = {"-m", "--metrics"}, split = ",", paramLabel = "METRIC", defaultValue = "bleu,chrf",
            description = "Metrics, comma-separated: ${COMPLETION-CANDIDATES} (any case); printed in that order."
                    + " Default: ${DEFAULT-VALUE}.")
    List<Metric> metrics;

    @Option(names = "--tokenize", paramLabel = "TOKENIZER", defaultValue = "13a",
            converter = BleuTokenizerNames.Converter.class, completionCandidates = BleuTokenizerNames.class,
            description = "BLEU tokenizer: ${COMPLETION-CANDIDATES} (zh for Chinese output, intl for"
                    + " mteval-v14's Unicode punctuation and symbols, char for characters). Default: ${DEFAULT-VALUE}.")
    BleuTokenizer tokenize;

    @Option(names = {"-lc", "--lowercase"}, description = "Case-insensitive BLEU. Default: ${DEFAULT-VALUE}.")
    boolean lowercase;

    @Option(names = "--ter-case-sensitive", description = "TER keeps case (by default it lower-cases, case:lc).")
    boolean terCaseSensitive;

    @Option(names = "--ter-normalized", description = "TER applies Tercom's normalization (punctuation split off).")
    boolean terNormalized;

    @Option(names = "--ter-no-punct", description = "TER removes punctuation.")
    boolean terNoPunct;

    @Option(names = "--ter-asian-support", description = "TER splits CJK characters (with --ter-normalized) and"
            + " removes CJK punctuation (with --ter-no-punct).")
    boolean terAsianSupport;

    @Option(names = "--width", defaultValue = "2", description = "Decimals printed. Default: ${DEFAULT-VALUE}.")
    int width;

    @Override
    public Integer call() throws IOException {
        List<String> refs = read(ref, "--ref");
        List<String> hyps = read(hyp, "--hyp");
        if (refs.size() != hyps.size()) {
            throw new ConfigException("--hyp " + hyp + " has " + hyps.size() + " lines but --ref " + ref + " has "
                    + refs.size() + "; the files must be line-aligned");
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Metric m : EnumSet.copyOf(metrics)) {
            out.println(switch (m) {
                case CHRF -> CorpusChrf.score(hyps, refs).formatWithSignature(width);
                case TER -> CorpusTer.score(hyps, refs, new TerOptions(terCaseSensitive, terNormalized, terNoPunct,
                        terAsianSupport)).formatWithSignature(width);
                case BLEU -> CorpusBleu.score(hyps, refs, tokenize, lowercase).formatWithSignature(width);
            });
        }
        out.flush();
        return 0;
    }

    /** The segments of a local or Hadoop file, decompressed when its name has a codec's extension. */
    private static List<String> read(String spec, String option) throws IOException {
        Path path = new Path(spec);
        FileSystem fs = path.getFileSystem(new Configuration());
        CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(path);
        try (InputStream raw = fs.open(path); InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            return TextSegments.read(in, spec);
        } catch (FileNotFoundException e) {
            throw new ConfigException(option + ": file not found: " + spec);
        } catch (IOException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw new ConfigException(option + ": " + e.getMessage() + "; sacreBLEU reads UTF-8 only: convert"
                        + " the file (e.g. iconv -t UTF-8)");
            }
            throw e;
        }
    }
}
