package org.sparknmt.offline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparknmt.config.Checks;
import org.sparknmt.config.ConfigException;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.spark.NmtTranslator;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Offline translation of a table (Parquet, ORC, JSON or CSV): the input's rows and columns plus a translation
 * column, through the {@link NmtTranslator} stage, written into a staging directory and published by renaming it
 * ({@link OutputCommit#publishTable}). Rows keep the order Spark reads them in (for several input files that is
 * not necessarily path order; keep an id column if the order matters).
 */
public final class TranslateTableJob {
    private final JavaSparkContext sc;
    private final Config cfg;

    /**
     * A table translation: the settings shared with text ({@code job}; partitioning does not apply) and the table's.
     *
     * @param format       the table format (not text)
     * @param column       the string column to translate
     * @param outputColumn the new column (must not exist in the input)
     */
    public record Config(TranslateJobConfig job, TableFormat format, String column, String outputColumn) {
        public Config {
            if (job == null || format == null || !format.isTable()) {
                throw new IllegalArgumentException("a table translation needs the job settings and a table format");
            }
            Checks.notBlank("--column", column);
            Checks.notBlank("--output-column", outputColumn);
            if (!format.holdsArrays() && job.decode().nBest() > 1) {
                throw new ConfigException("--nbest " + job.decode().nBest() + " gives an array column, which --format "
                        + format.lowerName() + " cannot hold; use parquet, orc or json");
            }
        }
    }

    public TranslateTableJob(JavaSparkContext sc, Config cfg) {
        this.sc = sc;
        this.cfg = cfg;
    }

    /** Translates and publishes the table; returns a summary line. */
    public String run() throws IOException {
        TranslateJobConfig job = cfg.job();
        Configuration conf = sc.hadoopConfiguration();
        OutputCommit commit = OutputCommit.begin(job.output(), job.overwrite(), sc.sc().applicationId(), conf);
        for (FileStatus match : inputs(job.input(), conf)) {
            String in = match.getPath().toString();
            if (in.equals(commit.output().toString()) || in.startsWith(commit.output() + "/")) {
                throw new ConfigException("--output " + commit.output() + " holds the input; choose another path");
            }
        }
        SparkSession spark = SparkSession.builder().getOrCreate();
        try {
            Dataset<Row> in = cfg.format().reader(spark).load(job.input());
            checkColumns(in.schema());
            // transform reads the bundle on the driver; timed from after it, as the text job times its translation
            Dataset<Row> translated = stage().transform(in);
            long start = System.nanoTime();
            sc.setJobDescription("translate " + job.input() + " -> " + job.output());
            cfg.format().writer(translated).save(commit.partsDir().toString());
            double seconds = (System.nanoTime() - start) / 1e9;
            commit.publishTable();
            long rows = cfg.format().reader(spark).load(commit.output().toString()).count();
            return String.format(Locale.ROOT, "translated %,d rows (%s -> %s, %s) in %.1f s -> %s", rows, cfg.column(),
                    cfg.outputColumn(), cfg.format().lowerName(), seconds, commit.output());
        } catch (Exception e) { // Spark's SparkException is checked but thrown undeclared
            commit.abort();
            throw TranslateJob.userError(e);
        }
    }

    /** The stage with the command's settings. */
    NmtTranslator stage() {
        TranslateJobConfig job = cfg.job();
        DecodeOptions d = job.decode();
        return new NmtTranslator().setBundlePath(job.bundle()).setInputCol(cfg.column())
                .setOutputCol(cfg.outputColumn()).setBeam(d.beamSize()).setNBest(d.nBest())
                .setLengthPenalty(d.lengthPenalty()).setMaxLength(d.maxLengthRatio(), d.maxLengthOffset())
                .setBatchSize(job.batchSize()).setMaxSourceTokens(job.maxSourceTokens())
                .setOverlong(job.overlong().lowerName());
    }

    /** What {@code spec} (a table directory, a file or a glob) matches; fails naming {@code --input} if nothing. */
    private static FileStatus[] inputs(String spec, Configuration conf) throws IOException {
        Path path = new Path(spec);
        FileSystem fs = path.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(fs.makeQualified(path));
        if (matches == null || matches.length == 0) {
            throw new ConfigException("--input not found: " + spec + " (no file or directory matches; check the path)");
        }
        return matches;
    }

    /** The stage checks the same; these messages name the command's options. */
    private void checkColumns(StructType schema) {
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(cfg.column())) {
            throw new ConfigException("--column " + cfg.column() + " is not a column of the input; its columns: " + names);
        }
        if (!schema.apply(cfg.column()).dataType().equals(DataTypes.StringType)) {
            throw new ConfigException("--column " + cfg.column() + " has type "
                    + schema.apply(cfg.column()).dataType().simpleString() + "; translate needs a string column");
        }
        if (names.contains(cfg.outputColumn())) {
            throw new ConfigException("--output-column " + cfg.outputColumn() + " is already a column of the input;"
                    + " choose another name");
        }
    }
}
