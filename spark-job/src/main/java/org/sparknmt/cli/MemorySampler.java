package org.sparknmt.cli;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.memory.AllocationsTracker;
import org.nd4j.linalg.api.memory.enums.AllocationKind;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where this JVM's resident set goes, sampled twice a second on a daemon thread while a command runs: the peaks of
 * the resident set ({@code VmRSS}), the Java heap (used and committed), the JVM's other committed memory (metaspace,
 * code cache, ...) and the native memory of ND4J's arrays and of its workspaces (ND4J's own
 * {@link AllocationsTracker} on device 0, the CPU; plus what JavaCPP counts, {@link Pointer#totalBytes()}). What
 * none of them covers (freed memory malloc keeps, thread stacks, BLAS buffers, the JVM's own native structures) is
 * the rest. Peaks are of each part alone; they need not coincide.
 */
final class MemorySampler implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final long PERIOD_MILLIS = 500;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile boolean running = true;
    private long rss;
    private long heapUsed;
    private long heapCommitted;
    private long nonHeap;
    private long nd4j;
    private long workspaces;

    private MemorySampler() {
        thread = new Thread(this::loop, "spark-nmt-memory-sampler");
        thread.setDaemon(true);
    }

    static MemorySampler start() {
        MemorySampler s = new MemorySampler();
        s.sample();
        s.thread.start();
        return s;
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        heapUsed = Math.max(heapUsed, heap.getUsed());
        heapCommitted = Math.max(heapCommitted, heap.getCommitted());
        nonHeap = Math.max(nonHeap, memory.getNonHeapMemoryUsage().getCommitted());
        AllocationsTracker tracker = AllocationsTracker.getInstance();
        nd4j = Math.max(nd4j, Pointer.totalBytes() + tracker.bytesOnDevice(AllocationKind.GENERAL, 0)
                + tracker.bytesOnDevice(AllocationKind.CONSTANT, 0));
        workspaces = Math.max(workspaces, tracker.bytesOnDevice(AllocationKind.WORKSPACE, 0));
        rss = Math.max(rss, MemoryReport.statusBytes(STATUS, "VmRSS:").orElse(0));
    }

    /**
     * E.g. {@code memory parts (peaks, GiB): RSS 3.10 = heap committed 2.00 (used 0.90) + JVM non-heap 0.10 + ND4J
     * arrays 0.50 + ND4J workspaces 0.30 + other 0.20}.
     */
    synchronized String line() {
        sample();
        long other = rss - heapCommitted - nonHeap - nd4j - workspaces;
        return String.format(Locale.ROOT, "memory parts (peaks, GiB): RSS %.2f = heap committed %.2f (used %.2f)"
                        + " + JVM non-heap %.2f + ND4J arrays %.2f + ND4J workspaces %.2f + other %.2f", g(rss),
                g(heapCommitted), g(heapUsed), g(nonHeap), g(nd4j), g(workspaces), g(other));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    private static double g(long bytes) {
        return bytes / (double) (1L << 30);
    }
}
