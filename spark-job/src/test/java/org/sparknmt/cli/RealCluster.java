package org.sparknmt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
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
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real parts of the cluster tests: HDFS from {@link MiniDFSCluster} and a Spark standalone master with its
 * workers, each in a JVM of its own on 127.0.0.1 ({@code scripts/standalone-cluster}); stages are handed to
 * spark-submit by {@code scripts/spark-nmt submit} with {@code conf/spark-standalone.conf}, as a user would.
 */
final class RealCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STEP = Pattern.compile("step (\\d+)/(\\d+) loss");
    private final Path root = Paths.get(System.getProperty("project.root", "..")).toAbsolutePath();
    private final Path dir;
    private final MiniDFSCluster hdfs;
    private final FileSystem fs;
    private final int masterPort;
    private final int webPort;
    private final Map<String, Integer> uiPorts = new ConcurrentHashMap<>();

    private RealCluster(Path dir, MiniDFSCluster hdfs, int masterPort, int webPort) throws IOException {
        this.dir = dir;
        this.hdfs = hdfs;
        this.fs = hdfs.getFileSystem();
        this.masterPort = masterPort;
        this.webPort = webPort;
    }

    /** HDFS with one data node, and a master with {@code workers} workers of one core each. */
    static RealCluster start(Path dir, int workers) throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("minidfs").toString());
        conf.setInt("dfs.replication", 1);
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        RealCluster c = new RealCluster(dir, hdfs, freePort(), freePort());
        Process p = c.script(List.of("scripts/standalone-cluster", "start", "--dir", c.clusterDir().toString(),
                "--workers", String.valueOf(workers), "--cores", "1", "--memory", "1500m",
                "--port", String.valueOf(c.masterPort), "--webui", String.valueOf(c.webPort)), dir.resolve("cluster-start.log"));
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the cluster starts");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("cluster-start.log")));
        assertEquals(workers, c.master().get("aliveworkers").asInt(), c.master().toString());
        return c;
    }

    @Override
    public void close() throws Exception {
        script(List.of("scripts/standalone-cluster", "stop", "--dir", clusterDir().toString()),
                dir.resolve("cluster-stop.log")).waitFor(1, TimeUnit.MINUTES);
        hdfs.shutdown(true);
    }

    FileSystem fs() {
        return fs;
    }

    /** An absolute hdfs:// path for {@code path} (which starts with a slash). */
    String hdfs(String path) {
        return fs.getUri() + path;
    }

    /** The first {@code count} pairs of the embedded corpus from line {@code from} on, written to {@code path}. */
    void writeCorpus(String path, int from, int count) throws IOException {
        List<String> lines;
        try (Stream<String> s = Files.lines(root.resolve("data/tatoeba-cmn-eng/cmn.txt"), StandardCharsets.UTF_8)) {
            lines = s.skip(from).limit(count).toList();
        }
        write(path, String.join("\n", lines) + "\n");
    }

    void write(String path, String text) throws IOException {
        try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path(path))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    boolean exists(String path) throws IOException {
        return fs.exists(new org.apache.hadoop.fs.Path(path));
    }

    String read(String path) throws IOException {
        try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    Bundle bundle(String path) throws IOException {
        try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(path))) {
            return BundleIO.read(in, path);
        }
    }

    /** Exit code and output of a finished submission. */
    record Submission(int code, String out, String err) {
    }

    /** Submits and waits up to 8 minutes; asserts exit 0 and returns standard output. */
    String submit(String name, String... args) throws Exception {
        Submission s = submitForExit(name, args);
        assertEquals(0, s.code(), name + " failed:\n" + s.out() + "\n" + tail(s.err()));
        return s.out();
    }

    Submission submitForExit(String name, String... args) throws Exception {
        Process p = startSubmit(name, args);
        return await(name, p);
    }

    /** Waits up to 8 minutes for a submission started with {@link #startSubmit}. */
    Submission await(String name, Process p) throws Exception {
        assertTrue(p.waitFor(8, TimeUnit.MINUTES), name + " finishes");
        return new Submission(p.exitValue(), Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8),
                log(name));
    }

    /**
     * Starts {@code scripts/spark-nmt submit conf/spark-standalone.conf ...} in client mode: the returned process
     * is the driver JVM itself (the script execs it). Standard error goes to {@code name.log}; the driver's event log
     * to {@link #eventLogs}, its UI (and REST API) listens on {@link #uiPort}.
     */
    Process startSubmit(String name, String... args) throws IOException {
        int ui = freePort();
        uiPorts.put(name, ui);
        List<String> cmd = new ArrayList<>(List.of("scripts/spark-nmt", "submit", "conf/spark-standalone.conf",
                "--master", "spark://127.0.0.1:" + masterPort, "--conf", "spark.executor.cores=1",
                "--conf", "spark.executor.memory=1g", "--conf", "spark.driver.memory=2g", "--conf", "spark.ui.port=" + ui,
                "--conf", "spark.eventLog.enabled=true",
                "--conf", "spark.eventLog.dir=" + Files.createDirectories(eventLogs(name)).toUri()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile())
                .redirectError(dir.resolve(name + ".log").toFile()).redirectOutput(dir.resolve(name + ".out").toFile());
        pb.environment().put("SPARK_NMT_HEAP", "2g");
        return pb.start();
    }

    /** The directory that holds submission {@code name}'s Spark event log. */
    Path eventLogs(String name) {
        return dir.resolve("events").resolve(name);
    }

    /** The UI port of submission {@code name}'s driver. */
    int uiPort(String name) {
        return uiPorts.get(name);
    }

    /** The driver's standard error so far. */
    String log(String name) throws IOException {
        Path log = dir.resolve(name + ".log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Waits until the trainer's progress lines in {@code name.log} reach {@code step}; returns the step seen. */
    long awaitTrainingStep(String name, Process driver, long step) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            OptionalLong seen = lastStep(log(name));
            if (seen.isPresent() && seen.getAsLong() >= step) {
                return seen.getAsLong();
            }
            assertTrue(driver.isAlive(), () -> name + " ended before step " + step + ":\n" + tail(logOrEmpty(name)));
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not reach step " + step + " within 5 minutes:\n" + tail(log(name)));
    }

    private static OptionalLong lastStep(String log) {
        Matcher m = STEP.matcher(log);
        OptionalLong last = OptionalLong.empty();
        while (m.find()) {
            last = OptionalLong.of(Long.parseLong(m.group(1)));
        }
        return last;
    }

    /** The master's JSON status (workers, active and completed applications). */
    JsonNode master() throws IOException {
        try (InputStream in = URI.create("http://127.0.0.1:" + webPort + "/json/").toURL().openStream()) {
            return JSON.readTree(in);
        }
    }

    /** Names of the applications the master records as completed in {@code state} (FINISHED, KILLED, ...). */
    List<String> completedApps(String state) throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode app : master().get("completedapps")) {
            if (state.equals(app.get("state").asText())) {
                names.add(app.get("name").asText());
            }
        }
        return names;
    }

    /** Executor JVMs this cluster's workers run now (their working directories are under the workers'). */
    List<ProcessHandle> executors() {
        Path work = clusterDir().resolve("work").toAbsolutePath();
        return ProcessHandle.allProcesses()
                .filter(p -> commandLine(p).contains("CoarseGrainedExecutorBackend"))
                .filter(p -> workingDirectory(p).startsWith(work))
                .toList();
    }

    /** The JVM of executor {@code id} of this cluster. */
    ProcessHandle executor(String id) {
        return executors().stream().filter(p -> commandLine(p).contains(" --executor-id " + id + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no executor " + id + " among " + executors()));
    }

    /** Waits up to {@code seconds} for the master to count {@code n} live workers. */
    void awaitAliveWorkers(int n, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (master().get("aliveworkers").asInt() != n) {
            assertTrue(System.nanoTime() < deadline, () -> "the master does not count " + n + " live workers: " + masterOrError());
            Thread.sleep(500);
        }
    }

    private String masterOrError() {
        try {
            return master().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private String logOrEmpty(String name) {
        try {
            return log(name);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private Path clusterDir() {
        return dir.resolve("cluster");
    }

    private Process script(List<String> cmd, Path log) throws IOException {
        return new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The full command line from /proc (ProcessHandle.Info cuts long ones, such as a JVM's with a classpath). */
    static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Paths.get("/proc", String.valueOf(p.pid()), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return p.info().commandLine().orElse("");
        }
    }

    private static Path workingDirectory(ProcessHandle p) {
        try {
            return Files.readSymbolicLink(Paths.get("/proc", String.valueOf(p.pid()), "cwd"));
        } catch (IOException | UnsupportedOperationException e) {
            return Paths.get("/nonexistent");
        }
    }

    static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
