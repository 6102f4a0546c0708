package org.sparknmt.cli;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.status.api.v1.ExecutorSummary;
import scala.collection.JavaConverters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The line on memory that a run prints after its summary: this JVM's peak resident set (Linux's {@code VmHWM}; the
 * driver, which in local mode also runs every task), its Java heap limit, and, on a cluster, the largest peak
 * resident set among the executors as Spark's executor metrics report it ({@code ProcessTreeJVMRSSMemory}, which
 * needs {@code spark.executor.processTreeMetrics.enabled}, as {@code conf/spark-*.conf} set it).
 */
final class MemoryReport {
    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryReport() {
    }

    /** E.g. {@code memory: peak RSS 2.41 GiB (this JVM, heap limit 2.00 GiB); executors' peak RSS n/a}. */
    static String line(JavaSparkContext sc) {
        StringBuilder sb = new StringBuilder("memory: peak RSS ").append(gib(peakRss(STATUS)))
                .append(" (this JVM").append(sc.isLocal() ? ", which ran the tasks" : "")
                .append("; heap limit ").append(gib(OptionalLong.of(Runtime.getRuntime().maxMemory()))).append(')');
        if (!sc.isLocal()) {
            sb.append("; largest executor peak RSS ").append(gib(executorsPeakRss(sc)));
        }
        return sb.toString();
    }

    /** The peak resident set ({@code VmHWM}) in a {@code /proc/<pid>/status} file, if the file says. */
    static OptionalLong peakRss(Path status) {
        return statusBytes(status, "VmHWM:");
    }

    /** A {@code kB} field of a {@code /proc/<pid>/status} file (e.g. {@code VmRSS:}) in bytes, if the file says. */
    static OptionalLong statusBytes(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    if (parts.length == 2 && parts[1].equals("kB")) {
                        return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or a format we do not know: say n/a rather than fail the run
        }
        return OptionalLong.empty();
    }

    private static OptionalLong executorsPeakRss(JavaSparkContext sc) {
        List<ExecutorSummary> executors = JavaConverters.seqAsJavaList(sc.sc().statusStore().executorList(false));
        return executors.stream()
                .filter(e -> !e.id().equals("driver") && e.peakMemoryMetrics().isDefined())
                .mapToLong(e -> e.peakMemoryMetrics().get().getMetricValue("ProcessTreeJVMRSSMemory"))
                .filter(v -> v > 0)
                .max();
    }

    private static String gib(OptionalLong bytes) {
        return bytes.isPresent() ? String.format(Locale.ROOT, "%.2f GiB", bytes.getAsLong() / (double) (1L << 30)) : "n/a";
    }
}
