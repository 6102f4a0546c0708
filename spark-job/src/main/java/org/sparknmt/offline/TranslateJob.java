package org.sparknmt.offline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.PairFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknmt.config.ConfigException;
import org.sparknmt.hadoop.CorpusReader;
import org.sparknmt.hadoop.InputException;
import org.sparknmt.hadoop.InputFiles;
import org.sparknmt.hadoop.SourcedLine;
import org.sparknmt.translate.SourceLimit;
import scala.Tuple2;

import java.io.IOException;
import java.util.List;

/**
 * Offline batch translation on Spark: input lines (any Hadoop path; files in path order) → contiguous ranges of
 * lines per partition → each partition decoded in length-sorted batches with the JVM's copy of the model → part
 * files → one output file, line-aligned with the input, published atomically ({@link OutputCommit}).
 */
public final class TranslateJob {
    private static final Logger LOG = LoggerFactory.getLogger(TranslateJob.class);
    private static final int EXAMPLES = 10;
    /** What to do about a line over the source limit under {@code --overlong fail}. */
    public static final String OVERLONG_HINT = "; split the line, raise --max-source-tokens, or choose --overlong truncate|skip";

    private final JavaSparkContext sc;
    private final TranslateJobConfig cfg;

    public TranslateJob(JavaSparkContext sc, TranslateJobConfig cfg) {
        this.sc = sc;
        this.cfg = cfg;
    }

    public TranslateReport run() throws IOException {
        Configuration conf = sc.hadoopConfiguration();
        List<FileStatus> files = InputFiles.resolve("--input", cfg.input(), conf);
        OutputCommit commit = OutputCommit.begin(cfg.output(), cfg.overwrite(), sc.sc().applicationId(), conf);
        refuseOverwritingInput(files, commit.output());
        BundleSource.Prepared bundle = BundleSource.prepare(sc, cfg.bundle(), "--bundle");
        SourceLimit limit = bundle.limit(cfg.maxSourceTokens(), cfg.overlong());
        DecodeSetup setup = new DecodeSetup(bundle.source(), cfg.decode(), limit, cfg.batchSize());
        TranslateCounters counters = new TranslateCounters(sc);
        try {
            CorpusReader.Lines lines = CorpusReader.read(sc, files);
            int partitions = cfg.partitionsFor(lines.count(), sc.defaultParallelism());
            LOG.info("translate: {} lines from {} file(s) in {} partitions; {}; source limit {} subwords ({}); bundle {}",
                    lines.count(), files.size(), partitions, cfg.decode(), limit.maxTokens(), limit.policy().lowerName(),
                    bundle.source().path());
            JavaRDD<String> translated = lines.rdd().mapToPair(new ByIndex())
                    .repartitionAndSortWithinPartitions(new IndexRanges(partitions, lines.count()))
                    .mapPartitions(new TranslatePartition(setup, counters));
            double seconds;
            try (Progress progress = Progress.start(counters.lines, lines.count(), cfg.progressSeconds())) {
                sc.setJobDescription("translate " + cfg.input() + " -> " + cfg.output());
                translated.saveAsTextFile(commit.partsDir().toString());
                seconds = progress.seconds();
            }
            if (counters.lines.value() != lines.count()) {
                throw new IOException("translated " + counters.lines.value() + " lines but the input has "
                        + lines.count() + "; nothing was published");
            }
            commit.publish(counters.outputRecords.value());
            return new TranslateReport(commit.output().toString(), lines.count(), counters.outputRecords.value(),
                    counters.empty.value(), counters.overlong.value(), limit.policy().lowerName(), limit.maxTokens(),
                    counters.invalidUtf8.value(), counters.examples(EXAMPLES).stream().map(Object::toString).toList(),
                    partitions, counters.bundleLoads.value(), counters.networkCopies.value(), seconds);
        } catch (Exception e) { // Spark's SparkException is checked but thrown undeclared
            commit.abort();
            throw userError(e);
        }
    }

    /** (index, line) pairs, for range partitioning by position. */
    static final class ByIndex implements PairFunction<SourcedLine, Long, SourcedLine> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<Long, SourcedLine> call(SourcedLine line) {
            return new Tuple2<>(line.index(), line);
        }
    }

    private static void refuseOverwritingInput(List<FileStatus> files, Path output) {
        for (FileStatus f : files) {
            if (f.getPath().equals(output)) {
                throw new ConfigException("--output " + output + " is one of the input files; choose another path");
            }
        }
    }

    /** A failure the user can fix (an overlong line under --overlong fail, an unreadable input) as such. */
    static RuntimeException userError(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceLimit.OverlongException) {
                return new ConfigException(t.getMessage() + OVERLONG_HINT);
            }
            if (t instanceof InputException || t instanceof ConfigException) {
                return t instanceof RuntimeException r && t == e ? r : new ConfigException(t.getMessage());
            }
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return e instanceof IOException io ? new java.io.UncheckedIOException(io) : new IllegalStateException(e.getMessage(), e);
    }
}
