package org.sparknmt.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An executor JVM killed (SIGKILL) while the translation job runs on a real {@code local-cluster}: two workers and
 * their executors are separate processes. Spark relaunches the executor and reruns what was lost; the output must
 * still have every line once, equal to an uninterrupted run's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranslateFaultTest {
    private static final Pattern PROGRESS = Pattern.compile("translate: ([\\d,]+)/([\\d,]+) lines");
    private static final String[] JOB = {"--partitions", "24", "--beam", "4", "--progress-seconds", "1"};
    private Path tmp;
    private Path bundle;
    private Path input;

    @BeforeAll
    void trainAndWriteInput(@TempDir Path dir) throws IOException {
        tmp = dir;
        bundle = Cli.tinyBundle(dir);
        List<String> src = Cli.heldOutSources(dir);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            lines.add(i % 2 == 0 ? src.get(i % src.size()) : src.get(i % src.size()) + " " + src.get((i * 7) % src.size()));
        }
        input = Files.write(dir.resolve("input.txt"), lines, StandardCharsets.UTF_8);
    }

    @Test
    void aKilledExecutorLosesAndDuplicatesNoLine() throws Exception {
        Path straight = tmp.resolve("straight.txt");
        Cli.Run s = Cli.run(concat(args(straight), "--master", "local[2]"));
        assertEquals(0, s.code(), s.err());

        Path killed = tmp.resolve("killed.txt");
        Path log = tmp.resolve("killed-driver.log");
        Process driver = startDriverOnLocalCluster(concat(args(killed), "--master", "local-cluster[2,1,1024]"), log);
        long killedPid;
        try {
            killedPid = killAnExecutorMidJob(driver, log);
            assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "the job finishes after the executor is lost");
        } finally {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, driver.exitValue(), out);
        assertTrue(out.contains("Lost executor") || out.contains("ExecutorLostFailure"),
                "Spark saw the executor (pid " + killedPid + ") go: " + out);
        Matcher loads = Pattern.compile("bundle loads on executors (\\d+)").matcher(out);
        assertTrue(loads.find(), out);
        int n = Integer.parseInt(loads.group(1));
        assertTrue(n >= 1 && n <= 3, "the bundle is read once per executor JVM (2, plus the relaunched one), not per"
                + " task (24): " + n);
        List<String> expected = Files.readAllLines(straight, StandardCharsets.UTF_8);
        List<String> got = Files.readAllLines(killed, StandardCharsets.UTF_8);
        assertEquals(6000, expected.size());
        assertEquals(expected.size(), got.size(), "no line lost or duplicated");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), got.get(i), "line " + (i + 1));
        }
        System.out.printf("executor pid %d killed mid-job: %d lines, identical to the uninterrupted run%n",
                killedPid, got.size());
    }

    private String[] args(Path output) {
        return concat(new String[]{"translate", "--bundle", bundle.toString(), "--input", input.toString(),
                "--output", output.toString()}, JOB);
    }

    /** Waits until some but not all lines are done, then SIGKILLs one executor JVM; returns its pid. */
    private static long killAnExecutorMidJob(Process driver, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            assertTrue(driver.isAlive(), () -> "the driver ended before an executor could be killed: " + read(log));
            Matcher m = PROGRESS.matcher(read(log));
            long done = -1;
            long total = 0;
            while (m.find()) {
                done = Long.parseLong(m.group(1).replace(",", ""));
                total = Long.parseLong(m.group(2).replace(",", ""));
            }
            if (done > 0 && done < total) {
                Optional<ProcessHandle> executor = driver.descendants()
                        .filter(p -> RealCluster.commandLine(p).contains("CoarseGrainedExecutorBackend"))
                        .findFirst();
                assertTrue(executor.isPresent(), () -> "an executor JVM runs as a separate process; the driver's children: "
                        + driver.descendants().map(p -> p.pid() + " " + RealCluster.commandLine(p).replaceAll("-cp \\S+", "-cp ..."))
                        .toList() + "\n" + read(log));
                executor.get().destroyForcibly();
                System.out.printf("killed executor pid %d at %d/%d lines%n", executor.get().pid(), done, total);
                return executor.get().pid();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the job made no progress within 4 minutes: " + read(log));
    }

    /**
     * The command line in its own JVM with a {@code local-cluster} master: the in-process workers start executors
     * as separate JVMs, which need a Spark home (an empty {@code jars/}), the classpath and the JDK 17 flags
     * (FACTS.md, "A real Spark cluster and HDFS from Maven jars").
     */
    private Process startDriverOnLocalCluster(String[] args, Path log) throws IOException {
        Path sparkHome = Files.createDirectories(tmp.resolve("spark-home/jars"));
        String classpath = absoluteClasspath();
        String opens = System.getProperty("jdk17.opens", "").trim();
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.addAll(Arrays.asList(opens.split("\\s+")));
        cmd.add("-Dlog4j2.configurationFile=" + Paths.get(System.getProperty("project.root", "..")).toAbsolutePath()
                .resolve("conf/log4j2.properties"));
        cmd.add("-Dspark.executor.extraClassPath=" + classpath);
        cmd.add("-Dspark.executor.extraJavaOptions=-Dfile.encoding=UTF-8 " + opens);
        cmd.add("-Dspark.executor.memory=900m");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(SparkNmt.class.getName());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.getParent().toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_DIST_CLASSPATH", classpath);
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private static String absoluteClasspath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(Paths.get(e).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
