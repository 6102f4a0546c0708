package org.sparknmt.cli;

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

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line in a driver JVM of its own, as the fault tests run it: with a {@code local-cluster} master the
 * in-process workers start executors as separate JVMs, which need a Spark home (an empty {@code jars/}), the
 * classpath and the JDK 17 flags (FACTS.md, "A real Spark cluster and HDFS from Maven jars"). One executor JVM can be
 * SIGKILLed while the job runs.
 */
final class LocalClusterDriver {
    private LocalClusterDriver() {
    }

    /** When to kill: given the driver's log so far, empty to wait longer, else the executor to kill (its id, or "" for any). */
    @FunctionalInterface
    interface KillPoint {
        Optional<String> executor(String log);
    }

    /** A finished driver: its exit code and log, and the pid of the executor JVM killed on the way (-1 if none). */
    record Finished(int code, String log, long killedPid) {
        /** Spark's driver logs the loss (at WARN, which conf/log4j2.properties keeps). */
        boolean sawExecutorLost() {
            return log.contains("Lost executor") || log.contains("ExecutorLostFailure");
        }
    }

    /** Runs the command line to its end (at most 5 minutes); {@code sparkProps} are {@code -Dspark...} settings. */
    static Finished run(Path tmp, String[] args, Path log, String... sparkProps) throws Exception {
        return runKillingAnExecutor(tmp, args, log, null, sparkProps);
    }

    /**
     * Runs the command line, SIGKILLs one executor JVM as soon as {@code when} names one (it must within 4 minutes;
     * a null {@code when} kills none), and waits for the driver to end (at most 5 minutes more).
     */
    static Finished runKillingAnExecutor(Path tmp, String[] args, Path log, KillPoint when, String... sparkProps)
            throws Exception {
        Process driver = start(tmp, args, log, sparkProps);
        long killed = -1;
        try {
            if (when != null) {
                killed = killAnExecutor(driver, log, when);
            }
            assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "the job finishes" + (when == null ? "" : " after the executor is lost"));
        } finally {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
        }
        return new Finished(driver.exitValue(), read(log), killed);
    }

    /** Waits until {@code when} names an executor whose JVM runs, SIGKILLs it and returns its pid. */
    private static long killAnExecutor(Process driver, Path log, KillPoint when) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            assertTrue(driver.isAlive(), () -> "the driver ended before an executor could be killed: " + read(log));
            Optional<String> id = when.executor(read(log));
            if (id.isPresent()) {
                List<ProcessHandle> executors = driver.descendants()
                        .filter(p -> RealCluster.commandLine(p).contains("CoarseGrainedExecutorBackend")).toList();
                assertTrue(!executors.isEmpty(), () -> "an executor JVM runs as a separate process; the driver's"
                        + " children: " + driver.descendants().map(p -> p.pid() + " "
                        + RealCluster.commandLine(p).replaceAll("-cp \\S+", "-cp ...")).toList() + "\n" + read(log));
                String arg = " --executor-id " + id.get() + " ";
                Optional<ProcessHandle> executor = executors.stream()
                        .filter(p -> id.get().isEmpty() || (RealCluster.commandLine(p) + " ").contains(arg)).findFirst();
                if (executor.isPresent()) {
                    executor.get().destroyForcibly();
                    System.out.printf("killed executor %s pid %d%n", id.get().isEmpty() ? "(any)" : id.get(),
                            executor.get().pid());
                    return executor.get().pid();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no point to kill an executor came within 4 minutes: " + read(log));
    }

    private static Process start(Path tmp, String[] args, Path log, String... sparkProps) throws IOException {
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
        for (String p : sparkProps) {
            cmd.add("-D" + p);
        }
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

    static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
