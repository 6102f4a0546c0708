package org.sparknmt.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparknmt.offline.BundleSource;
import org.sparknmt.offline.DecodeSetup;
import org.sparknmt.offline.TranslateRows;
import org.sparknmt.offline.TranslateText;
import org.sparknmt.translate.OverlongPolicy;

import java.util.Arrays;

/**
 * A Spark ML stage that translates a string column with a checkpoint bundle, adding the translations as a new
 * column ({@code string}, or {@code array<string>} best first when {@code nBest > 1}). Every row and every other
 * column is kept, in order; a null input gives null, an empty one {@code ""} (an empty array with n-best).
 *
 * <p>The bundle is read once per executor JVM and each running task leases its own copy of the network (the same
 * cache as {@code spark-nmt translate}); within a partition the sentences are decoded in batches of similar length
 * ({@code batchSize}). {@link #transform} reads the bundle on the driver first, so a bad bundle fails at once, and
 * ships it to the executors ({@code SparkContext.addFile}) when they are other JVMs.
 *
 * <pre>{@code
 * Dataset<Row> out = new NmtTranslator().setBundlePath("hdfs:///models/zh-en.bundle").setInputCol("zh")
 *         .setOutputCol("en").setBeam(5).transform(df);
 * }</pre>
 * Saved and loaded like any Spark ML stage ({@code save(path)}, {@link #load}), also inside a {@code Pipeline}; only
 * the parameters are saved, the bundle stays where {@code bundlePath} points.
 */
public final class NmtTranslator extends NmtTranslatorParams implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    public NmtTranslator(String uid) {
        super(uid);
    }

    public NmtTranslator() {
        this(Identifiable.randomUID("nmtTranslator"));
    }

    /** The checkpoint bundle file, any Hadoop path (e.g. {@code hdfs:///models/zh-en.bundle}). */
    public NmtTranslator setBundlePath(String value) {
        return with(bundlePath(), value);
    }

    /** The string column to translate. */
    public NmtTranslator setInputCol(String value) {
        return with(inputCol(), value);
    }

    /** The new column (default {@code translation}); it must not exist yet. */
    public NmtTranslator setOutputCol(String value) {
        return with(outputCol(), value);
    }

    /** Beam size; 1 (default) decodes greedily. */
    public NmtTranslator setBeam(int value) {
        return with(beam(), value);
    }

    /** Translations per row, at most the beam; above 1 the output column is {@code array<string>}. */
    public NmtTranslator setNBest(int value) {
        return with(nBest(), value);
    }

    /** GNMT length penalty alpha, 0 = off (unset: 0 greedy, 0.6 with a beam). */
    public NmtTranslator setLengthPenalty(double value) {
        return with(lengthPenalty(), value);
    }

    /** Sentences per decoding pass (default 64). */
    public NmtTranslator setBatchSize(int value) {
        return with(batchSize(), value);
    }

    /** {@code truncate} (translate the first N subwords), {@code skip} (empty output) or {@code fail}. */
    public NmtTranslator setOverlong(String value) {
        return with(overlong(), value);
    }

    /** The source limit in subwords; 0 (default) = the longest source the model was trained on. */
    public NmtTranslator setMaxSourceTokens(int value) {
        return with(maxSourceTokens(), value);
    }

    /** Output length limit: {@code ratio} x source subwords + {@code offset} (default 1.5, 5). */
    public NmtTranslator setMaxLength(double ratio, int offset) {
        set(maxLengthRatio(), ratio);
        set(maxLengthOffset(), offset);
        return this;
    }

    private <T> NmtTranslator with(org.apache.spark.ml.param.Param<T> param, T value) {
        set(param, value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        require(bundlePath(), "setBundlePath(<bundle file>)");
        require(inputCol(), "setInputCol(<string column>)");
        decodeOptions();
        String in = getInputCol();
        String out = getOutputCol();
        if (!Arrays.asList(schema.fieldNames()).contains(in)) {
            throw new IllegalArgumentException("NmtTranslator: input column '" + in + "' does not exist; columns: "
                    + Arrays.toString(schema.fieldNames()));
        }
        DataType type = schema.apply(in).dataType();
        if (!type.equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("NmtTranslator: input column '" + in + "' must be of type string, but is "
                    + type.simpleString() + " (cast it first)");
        }
        if (Arrays.asList(schema.fieldNames()).contains(out)) {
            throw new IllegalArgumentException("NmtTranslator: output column '" + out + "' already exists; choose"
                    + " another name with setOutputCol");
        }
        return schema.add(new StructField(out, outputType(), true, org.apache.spark.sql.types.Metadata.empty()));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        TranslateRows rows = new TranslateRows(setup(dataset.sparkSession()), dataset.schema().fieldIndex(getInputCol()),
                getInputCol());
        return dataset.toDF().mapPartitions(rows, Encoders.row(out));
    }

    /**
     * Registers the SQL function {@code name} translating its one string argument with this stage's bundle and
     * search ({@code inputCol}/{@code outputCol} are not used): {@code SELECT name(text) FROM t}. It uses the same
     * per-JVM model cache but, unlike the stage, does not batch: each value is decoded alone, which is several
     * times slower for a whole column.
     */
    public void registerUdf(SparkSession spark, String name) {
        require(bundlePath(), "setBundlePath(<bundle file>)");
        decodeOptions();
        spark.udf().register(name, new TranslateText(setup(spark), name), outputType());
    }

    /** {@link #registerUdf(SparkSession, String)} with {@code bundlePath} and the default search (greedy, 1-best). */
    public static void registerUdf(SparkSession spark, String name, String bundlePath) {
        new NmtTranslator().setBundlePath(bundlePath).registerUdf(spark, name);
    }

    @Override
    public NmtTranslator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<NmtTranslator> read() {
        return new DefaultParamsReadable<NmtTranslator>() {
        }.read();
    }

    public static NmtTranslator load(String path) {
        return read().load(path);
    }

    private DataType outputType() {
        return getNBest() > 1 ? DataTypes.createArrayType(DataTypes.StringType, false) : DataTypes.StringType;
    }

    /** Reads the bundle on the driver (cached) and makes it available to the executors. */
    private DecodeSetup setup(SparkSession spark) {
        BundleSource.Prepared bundle = BundleSource.prepare(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                getBundlePath(), "NmtTranslator bundlePath");
        return new DecodeSetup(bundle.source(), decodeOptions(),
                bundle.limit(getMaxSourceTokens(), OverlongPolicy.fromName(getOverlong())), getBatchSize());
    }
}
