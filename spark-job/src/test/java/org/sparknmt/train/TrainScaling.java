package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.nn.Seq2SeqNetwork;
import org.sparknmt.spark.ArrayRegistrator;
import org.sparknmt.spark.KryoSetup;

import java.io.FileReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark harness (not a test), run by {@code bench/train-scaling}: training throughput on the same prep batches
 * and the same model, either as a single-process DL4J {@code fit} loop ({@code --mode single}) or through Spark with
 * the trainer's own parameter-averaging master ({@code --mode spark --master local[2]}). Prints one JSON line with
 * batches/s and real target tokens/s; the script runs the modes back to back and prints the ratios.
 * <pre>
 * TrainScaling --prep DIR --config conf/train-multi30k.yaml [--set key=value]... --mode single|spark
 *              [--master local[2]] [--warmup 10] [--batches 60] [--json FILE]
 * </pre>
 */
public final class TrainScaling {
    private TrainScaling() {
    }

    public static void main(String[] args) throws Exception {
        String prepDir = null;
        String config = null;
        String mode = "single";
        String master = "local[2]";
        String json = null;
        int warmup = 10;
        int measured = 60;
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--prep" -> prepDir = v;
                case "--config" -> config = v;
                case "--set" -> sets.add(v);
                case "--mode" -> mode = v;
                case "--master" -> master = v;
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--batches" -> measured = Integer.parseInt(v);
                case "--json" -> json = v;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        ConfigTree tree = TrainConfig.defaults();
        if (config != null) {
            try (Reader r = new FileReader(config, StandardCharsets.UTF_8)) {
                tree = tree.overlay(r, config);
            }
        }
        tree = tree.setString("prep", prepDir).setString("run", "unused").setString("master", master);
        for (String s : sets) {
            tree = tree.set(s);
        }
        TrainConfig cfg = tree.bind(TrainConfig.class);
        Configuration hadoop = new Configuration();
        PrepOutput prep = PrepOutput.open(cfg.prep(), hadoop);
        List<String> paths = new ArrayList<>(prep.batches("train", hadoop));
        Collections.shuffle(paths, new Random(cfg.seed()));
        if (paths.size() < warmup + measured) {
            throw new IllegalArgumentException("prep has " + paths.size() + " training batches; need " + (warmup + measured));
        }
        List<String> warm = paths.subList(0, warmup);
        List<String> timed = paths.subList(warmup, warmup + measured);
        LoadBatch load = new LoadBatch(hadoop);
        long tokens = 0;
        for (String p : timed) {
            tokens += Math.round(load.call(p).getLabelsMaskArray(0).sumNumber().doubleValue());
        }
        ComputationGraph graph = Seq2SeqNetwork.build(cfg.model(), prep.sourceVocab().size(), prep.targetVocab().size());
        ComputationGraph[] trained = new ComputationGraph[1];
        double seconds = mode.equals("spark") ? spark(cfg, graph, warm, timed, load, trained)
                : single(graph, warm, timed, load);
        if (System.getenv("TRAIN_SCALING_LOSS") != null) {
            ComputationGraph g = mode.equals("spark") ? trained[0] : graph;
            double sum = 0;
            double n = 0;
            for (String p : prep.batches("valid", hadoop)) {
                MultiDataSet b = load.call(p);
                double t = b.getLabelsMaskArray(0).sumNumber().doubleValue();
                sum += g.score(b, false) * b.getFeatures(0).size(0);
                n += t;
            }
            System.err.printf(Locale.ROOT, "valid loss/token after %d batches: %.4f%n", warmup + measured, sum / n);
        }
        String line = String.format(Locale.ROOT, "{\"mode\":\"%s\",\"master\":\"%s\",\"ompThreads\":\"%s\",\"batches\":%d,"
                        + "\"seconds\":%.3f,\"batchesPerSec\":%.4f,\"targetTokensPerSec\":%.1f,\"averagingFrequency\":%d,"
                        + "\"workerPrefetch\":%d}", mode, mode.equals("spark") ? master : "-",
                System.getenv().getOrDefault("OMP_NUM_THREADS", "?"), measured, seconds, measured / seconds,
                tokens / seconds, cfg.averagingFrequency(), cfg.workerPrefetch());
        System.out.println(line);
        if (json != null) {
            Files.writeString(Path.of(json), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /** One process, one network: load each batch and fit it, as a user of plain DL4J would. */
    private static double single(ComputationGraph graph, List<String> warm, List<String> timed, LoadBatch load)
            throws Exception {
        for (String p : warm) {
            graph.fit(load.call(p));
        }
        long t0 = System.nanoTime();
        int i = 0;
        for (String p : timed) {
            MultiDataSet batch = load.call(p);
            graph.fit(batch);
            if (++i % 25 == 0 && System.getenv("TRAIN_SCALING_LOSS") != null) {
                double tokens = batch.getLabelsMaskArray(0).sumNumber().doubleValue();
                System.err.printf(Locale.ROOT, "batch %d loss/token %.4f%n", i,
                        graph.score() * batch.getFeatures(0).size(0) / tokens);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The trainer's path: batch paths → executors load → parameter averaging, in chunks of logEverySteps. */
    private static double spark(TrainConfig cfg, ComputationGraph graph, List<String> warm, List<String> timed,
                                LoadBatch load, ComputationGraph[] trained) throws Exception {
        SparkConf conf = new SparkConf().setAppName("train-scaling").setMaster(cfg.master());
        conf.set("spark.kryo.registrator", ArrayRegistrator.class.getName());
        KryoSetup.apply(conf);
        conf.set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            int partitions = cfg.partitions() > 0 ? cfg.partitions() : sc.defaultParallelism();
            int batchSize = (int) load.call(warm.get(0)).getFeatures(0).size(0);
            SparkComputationGraph spark = new SparkComputationGraph(sc, graph,
                    TrainingMasters.parameterAveraging(cfg, partitions, batchSize));
            fit(sc, spark, warm, load, partitions, cfg);
            long t0 = System.nanoTime();
            for (int i = 0; i < timed.size(); i += cfg.logEverySteps()) {
                fit(sc, spark, timed.subList(i, Math.min(timed.size(), i + cfg.logEverySteps())), load, partitions, cfg);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            trained[0] = spark.getNetwork();
            return seconds;
        }
    }

    private static void fit(JavaSparkContext sc, SparkComputationGraph spark, List<String> paths, LoadBatch load,
                            int partitions, TrainConfig cfg) {
        JavaRDD<MultiDataSet> batches = sc.parallelize(new ArrayList<>(paths), Math.min(partitions, paths.size()))
                .map(load).persist(cfg.batchStorage());
        spark.fitMultiDataSet(batches);
        batches.unpersist(false);
    }
}
