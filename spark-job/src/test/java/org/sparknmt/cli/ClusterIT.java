package org.sparknmt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleIO;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product as a cluster user runs it, with real parts: a Spark standalone master and two workers in JVMs of
 * their own on 127.0.0.1 ({@code scripts/standalone-cluster}), HDFS from {@link MiniDFSCluster}, and every stage
 * handed to spark-submit by {@code scripts/spark-nmt submit} with {@code conf/spark-standalone.conf}: prep → train →
 * translate → evaluate with corpora, checkpoints and outputs on hdfs://. Runs after {@code package} (failsafe), as
 * it submits the application jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root = Paths.get(System.getProperty("project.root", "..")).toAbsolutePath();
    private Path tmp;
    private MiniDFSCluster hdfs;
    private FileSystem fs;
    private String hdfsRoot;
    private int masterPort;
    private int webPort;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("minidfs").toString());
        conf.setInt("dfs.replication", 1);
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        fs = hdfs.getFileSystem();
        hdfsRoot = fs.getUri() + "/nmt";
        masterPort = freePort();
        webPort = freePort();
        Process p = script(List.of("scripts/standalone-cluster", "start", "--dir", dir.resolve("cluster").toString(),
                "--workers", "2", "--cores", "1", "--memory", "1500m", "--port", String.valueOf(masterPort),
                "--webui", String.valueOf(webPort)), dir.resolve("cluster-start.log"));
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the cluster starts");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("cluster-start.log")));
        assertEquals(2, master().get("aliveworkers").asInt(), master().toString());

        List<String> lines;
        try (Stream<String> s = Files.lines(root.resolve("data/tatoeba-cmn-eng/cmn.txt"), StandardCharsets.UTF_8)) {
            lines = s.limit(1500).toList();
        }
        try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(hdfsRoot + "/corpus/part-0.tsv"))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    void stop() throws Exception {
        script(List.of("scripts/standalone-cluster", "stop", "--dir", tmp.resolve("cluster").toString()),
                tmp.resolve("cluster-stop.log")).waitFor(1, TimeUnit.MINUTES);
        if (hdfs != null) {
            hdfs.shutdown(true);
        }
    }

    @Test
    void prepTrainTranslateEvaluateThroughSparkSubmitOnHdfs() throws Exception {
        String prep = hdfsRoot + "/prep";
        String run = hdfsRoot + "/runs/zh-en";
        submit("prep", "prep", "--input", hdfsRoot + "/corpus/*.tsv", "--output", prep,
                "--set", "subword.merges=300", "--set", "batch.size=32", "--set", "split.valid=0.05");
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(prep + "/manifest.json")));

        submit("train", "train", "--prep", prep, "--run", run, "--set", "maxSteps=12", "--set", "validation.maxSentences=20",
                "--set", "model.embedding=16", "--set", "model.hidden=32", "--set", "model.attentionSize=32",
                "--set", "checkpoint.everySteps=6");
        String bundle = run + "/checkpoints/step-000000012.bundle";
        try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(bundle))) {
            Bundle b = BundleIO.read(in, bundle);
            assertEquals(12, b.state().step(), "the checkpoint on HDFS is complete and readable");
        }

        String hyp = hdfsRoot + "/out/test.hyp";
        String summary = submit("translate", "translate", "--bundle", bundle, "--input", prep + "/heldout/test.raw.src",
                "--output", hyp);
        assertTrue(summary.matches("(?s).*bundle loads on executors [12],.*"),
                "the bundle is read once per executor JVM, not per task: " + summary);
        assertEquals(lineCount(prep + "/heldout/test.raw.src"), lineCount(hyp), "one output line per input line");

        String eval = submit("evaluate", "evaluate", "--ref", prep + "/heldout/test.raw.tgt", "--hyp", hyp);
        String last = eval.trim().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:"), eval);

        List<String> finished = new ArrayList<>();
        for (JsonNode app : master().get("completedapps")) {
            if ("FINISHED".equals(app.get("state").asText())) {
                finished.add(app.get("name").asText());
            }
        }
        assertTrue(finished.containsAll(List.of("spark-nmt prep", "spark-nmt train", "spark-nmt translate")),
                "the master recorded the applications as finished: " + finished);
    }

    /** Runs {@code scripts/spark-nmt submit} with the standalone profile; returns its standard output. */
    private String submit(String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("scripts/spark-nmt", "submit", "conf/spark-standalone.conf",
                "--master", "spark://127.0.0.1:" + masterPort, "--conf", "spark.executor.cores=1",
                "--conf", "spark.executor.memory=1g", "--conf", "spark.driver.memory=2g"));
        cmd.addAll(List.of(args));
        Path log = tmp.resolve(name + ".log");
        Path out = tmp.resolve(name + ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectError(log.toFile())
                .redirectOutput(out.toFile());
        pb.environment().put("SPARK_NMT_HEAP", "2g");
        Process p = pb.start();
        assertTrue(p.waitFor(8, TimeUnit.MINUTES), name + " finishes");
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), name + " failed:\n" + stdout + "\n" + tail(log));
        return stdout;
    }

    private Process script(List<String> cmd, Path log) throws IOException {
        return new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private JsonNode master() throws IOException {
        try (InputStream in = URI.create("http://127.0.0.1:" + webPort + "/json/").toURL().openStream()) {
            return JSON.readTree(in);
        }
    }

    private long lineCount(String path) throws IOException {
        try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count();
        }
    }

    private static String tail(Path log) throws IOException {
        String s = Files.readString(log, StandardCharsets.UTF_8);
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
