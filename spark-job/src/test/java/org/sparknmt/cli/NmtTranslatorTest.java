package org.sparknmt.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleIO;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.spark.NmtTranslator;
import org.sparknmt.translate.OverlongPolicy;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.Translation;
import org.sparknmt.translate.Translator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sparknmt.cli.Py4jCalls.call;
import static org.sparknmt.cli.Py4jCalls.setParam;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link NmtTranslator} stage on local[2] with a model trained for a few steps: a DataFrame with extra
 * columns, null and empty rows over several partitions comes back whole and in order, translated exactly as the
 * {@link Translator} translates each partition's sentences; n-best arrays; schema errors; save/load (alone and in
 * a pipeline); the SQL function; and the calls PySpark makes through Py4J.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NmtTranslatorTest {
    private static final int PARTITIONS = 4;
    private static final int BATCH = 8;
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.IntegerType)
            .add("text", DataTypes.StringType).add("score", DataTypes.DoubleType);
    /** The tiny trained bundle, its directory and held-out sentences. */
    private ServedBundle model;
    private Bundle driverBundle;
    private SparkSession spark;
    private Dataset<Row> df;
    /** The input rows: id, text (null every 11th, "" every 13th, blank every 17th), score. */
    private List<Row> rows;

    @BeforeAll
    void trainAndStartSpark(@TempDir Path dir) throws IOException {
        model = ServedBundle.train(dir, 40);
        driverBundle = BundleIO.read(model.bundle);
        rows = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            String s = model.sentences.get(i % model.sentences.size());
            rows.add(RowFactory.create(i, i % 11 == 3 ? null : i % 13 == 5 ? "" : i % 17 == 9 ? "  " : s, i * 0.5));
        }
        SparkConf conf = SparkContexts.configure(new SparkConf(), "NmtTranslatorTest", "local[2]");
        spark = SparkSession.builder().config(conf).getOrCreate();
        df = spark.createDataFrame(new JavaSparkContext(spark.sparkContext()).parallelize(rows, PARTITIONS), SCHEMA);
    }

    @AfterAll
    void stopSpark() {
        spark.stop();
    }

    @Test
    void keepsRowsColumnsAndOrderAndTranslatesLikeTheTranslator() {
        Dataset<Row> out = new NmtTranslator().setBundlePath(bundle()).setInputCol("text").setBatchSize(BATCH).transform(df);
        assertEquals(SCHEMA.add("translation", DataTypes.StringType), out.schema());
        assertEquals(PARTITIONS, out.javaRDD().getNumPartitions());
        List<Row> got = out.collectAsList();
        List<String> expected = bestOf(perPartition(DecodeOptions.greedy()));
        assertEquals(rows.size(), got.size());
        for (int i = 0; i < rows.size(); i++) {
            Row in = rows.get(i);
            Row row = got.get(i);
            assertEquals(in, RowFactory.create(row.get(0), row.get(1), row.get(2)), "row " + i + " kept in place");
            assertEquals(expected.get(i), row.get(3), "translation of row " + i);
            if (in.isNullAt(1)) {
                assertNull(row.get(3), "null in, null out (row " + i + ")");
            } else if (in.getString(1).isBlank()) {
                assertEquals("", row.get(3), "empty in, empty out (row " + i + ")");
            }
        }
        assertTrue(new HashSet<>(expected).size() > 10, "the outputs depend on the input, so the comparison can fail");
    }

    @Test
    void nBestGivesArraysBestFirst() {
        Dataset<Row> out = new NmtTranslator().setBundlePath(bundle()).setInputCol("text").setOutputCol("en")
                .setBeam(3).setNBest(2).setBatchSize(BATCH).transform(df);
        assertEquals(DataTypes.createArrayType(DataTypes.StringType, false), out.schema().apply("en").dataType());
        List<Row> got = out.collectAsList();
        List<List<Translation>> expected = perPartition(DecodeOptions.beam(3).withNBest(2));
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).isNullAt(1)) {
                assertNull(got.get(i).get(3));
                continue;
            }
            List<String> texts = got.get(i).getList(3);
            assertEquals(expected.get(i).stream().map(Translation::text).toList(), texts, "n-best of row " + i);
            assertEquals(rows.get(i).getString(1).isBlank() ? 0 : 2, texts.size(), "row " + i);
        }
    }

    @Test
    void schemaErrorsSayWhatToFix() {
        NmtTranslator t = new NmtTranslator().setBundlePath(bundle()).setInputCol("text");
        assertMessage("input column 'nope' does not exist; columns: [id, text, score]",
                () -> t.copy(new org.apache.spark.ml.param.ParamMap()).setInputCol("nope").transform(df));
        assertMessage("input column 'id' must be of type string, but is int",
                () -> t.copy(new org.apache.spark.ml.param.ParamMap()).setInputCol("id").transformSchema(SCHEMA));
        assertMessage("output column 'score' already exists",
                () -> t.copy(new org.apache.spark.ml.param.ParamMap()).setOutputCol("score").transformSchema(SCHEMA));
        assertMessage("bundlePath is not set; call setBundlePath",
                () -> new NmtTranslator().setInputCol("text").transformSchema(SCHEMA));
        assertMessage("inputCol is not set; call setInputCol",
                () -> new NmtTranslator().setBundlePath(bundle()).transformSchema(SCHEMA));
        assertMessage("nBest (3) must be <= beam (2)",
                () -> t.copy(new org.apache.spark.ml.param.ParamMap()).setBeam(2).setNBest(3).transformSchema(SCHEMA));
        assertMessage("overlong given invalid value maybe", () -> new NmtTranslator().setOverlong("maybe"));
        assertMessage("NmtTranslator bundlePath: file not found",
                () -> new NmtTranslator().setBundlePath(model.dir.resolve("none.bundle").toString()).setInputCol("text").transform(df));
    }

    @Test
    void overlongFailNamesTheRow() {
        List<Row> longRows = List.of(RowFactory.create(1, "你好。", 0.0),
                RowFactory.create(2, String.join("", Collections.nCopies(200, "我们走吧。")), 0.0));
        Dataset<Row> in = spark.createDataFrame(longRows, SCHEMA).coalesce(1);
        Exception e = assertThrows(Exception.class, () -> new NmtTranslator().setBundlePath(bundle()).setInputCol("text")
                .setOverlong("fail").transform(in).collectAsList());
        assertTrue(causes(e).contains("column 'text', row 2 of partition 0 has ") && causes(e).contains("over the limit"),
                causes(e));
        List<Row> skipped = new NmtTranslator().setBundlePath(bundle()).setInputCol("text").setOverlong("skip")
                .transform(in).collectAsList();
        assertEquals("", skipped.get(1).get(3));
    }

    @Test
    void savedAndLoadedAloneAndInAPipelineGiveTheSameOutput() throws IOException {
        NmtTranslator t = new NmtTranslator().setBundlePath(bundle()).setInputCol("text").setOutputCol("en")
                .setBeam(2).setLengthPenalty(0.3).setBatchSize(BATCH).setOverlong("skip");
        List<Row> before = t.transform(df).collectAsList();
        String path = model.dir.resolve("stage").toString();
        t.save(path);
        NmtTranslator loaded = NmtTranslator.load(path);
        assertEquals(t.uid(), loaded.uid());
        assertEquals(t.extractParamMap().toString(), loaded.extractParamMap().toString());
        assertEquals(before, loaded.transform(df).collectAsList());

        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[]{t}).fit(df);
        String pipelinePath = model.dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(pipelinePath);
        assertEquals(before, PipelineModel.load(pipelinePath).transform(df).collectAsList());
    }

    @Test
    void sqlFunctionTranslatesOneValueAtATime() {
        NmtTranslator.registerUdf(spark, "nmt_translate", bundle());
        df.createOrReplaceTempView("t");
        List<Row> got = spark.sql("SELECT id, nmt_translate(text) AS en FROM t ORDER BY id").collectAsList();
        Translator alone = Translator.of(driverBundle, driverBundle.network(), 1, limit().maxTokens());
        for (int i = 0; i < rows.size(); i++) {
            String text = rows.get(i).getString(1);
            String expected = text == null ? null : bestOf(translate(alone, List.of(text), DecodeOptions.greedy())).get(0);
            assertEquals(expected, got.get(i).get(1), "row " + i);
        }
        new NmtTranslator().setBundlePath(bundle()).setBeam(3).setNBest(2).registerUdf(spark, "nmt_nbest");
        Row r = spark.sql("SELECT nmt_nbest('我们走吧。') AS n").first();
        assertEquals(2, r.getList(0).size());
    }

    /**
     * What a PySpark user does through Py4J, made from Java: {@code spark._jvm.org.sparknmt.spark.NmtTranslator()},
     * setters by name with boxed Python values, {@code transform(df._jdf)}; and what {@code JavaTransformer} with
     * {@code JavaMLReadable}/{@code JavaMLWritable} does: the constructor with a uid, {@code getParam(name).w(value)}
     * and {@code set(pair)}, {@code write().overwrite().save(path)} and the static {@code read().load(path)}.
     */
    @Test
    void pySparkCallsThroughTheJvmWork() throws Exception {
        List<Row> expected = new NmtTranslator().setBundlePath(bundle()).setInputCol("text").setOutputCol("en")
                .setBeam(2).setBatchSize(BATCH).transform(df).collectAsList();

        Class<?> cls = Class.forName("org.sparknmt.spark.NmtTranslator");
        Object jvm = cls.getConstructor().newInstance();
        Object chained = call(call(call(call(call(jvm, "setBundlePath", bundle()), "setInputCol", "text"),
                "setOutputCol", "en"), "setBeam", 2), "setBatchSize", BATCH);
        assertEquals(expected, ((Dataset<?>) call(chained, "transform", df)).collectAsList());

        Object wrapped = cls.getConstructor(String.class).newInstance("NmtTranslator_py0123");
        setParam(wrapped, "bundlePath", bundle());
        setParam(wrapped, "inputCol", "text");
        setParam(wrapped, "outputCol", "en");
        setParam(wrapped, "beam", 2);
        setParam(wrapped, "batchSize", BATCH);
        assertEquals(expected, ((Dataset<?>) call(wrapped, "transform", df)).collectAsList());
        String path = model.dir.resolve("py-stage").toString();
        Object writer = call(call(wrapped, "write"), "overwrite");
        call(writer, "save", path);
        MLReader<?> reader = (MLReader<?>) cls.getMethod("read").invoke(null);
        Object loaded = reader.load(path);
        assertEquals("NmtTranslator_py0123", call(loaded, "uid"));
        assertEquals(expected, ((Dataset<?>) call(loaded, "transform", df)).collectAsList());
    }

    private String bundle() {
        return model.bundle.toString();
    }

    /** Each partition's sentences through one Translator with the stage's batch size, in row order. */
    private List<List<Translation>> perPartition(DecodeOptions options) {
        Translator t = Translator.of(driverBundle, driverBundle.network(), BATCH, limit().maxTokens());
        List<List<Translation>> out = new ArrayList<>();
        for (List<Row> part : df.javaRDD().glom().collect()) {
            List<String> texts = new ArrayList<>();
            for (Row r : part) {
                if (!r.isNullAt(1)) {
                    texts.add(r.getString(1));
                }
            }
            java.util.Iterator<List<Translation>> it = translate(t, texts, options).iterator();
            for (Row r : part) {
                out.add(r.isNullAt(1) ? null : it.next());
            }
        }
        return out;
    }

    private List<List<Translation>> translate(Translator t, List<String> texts, DecodeOptions options) {
        List<int[]> sources = new ArrayList<>();
        for (String s : texts) {
            sources.add(limit().apply(t.text().encodeSource(s), "test"));
        }
        return t.translateEncoded(sources, options);
    }

    private SourceLimit limit() {
        return new SourceLimit(SourceLimit.trainedLimit(driverBundle.dataConfigYaml()), OverlongPolicy.TRUNCATE);
    }

    private static List<String> bestOf(List<List<Translation>> all) {
        List<String> out = new ArrayList<>();
        for (List<Translation> n : all) {
            out.add(n == null ? null : n.isEmpty() ? "" : n.get(0).text());
        }
        return out;
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
