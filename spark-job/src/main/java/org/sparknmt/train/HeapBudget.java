package org.sparknmt.train;

import java.util.Locale;

/**
 * The driver heap a training run needs, by the rule measured in the README's "Memory" section: about 0.5 GiB plus,
 * per worker whose result the driver holds in an averaging round, four copies of the parameters and the Adam state
 * (4 + 8 bytes per parameter). Checked before the first step, so a heap that is too small fails at once with the
 * setting to raise, not with an OutOfMemoryError minutes into training. The rule is fitted to four measured
 * boundaries (quickstart and Multi30k, heaps 512m to 6g), so it is a floor, not a promise.
 */
final class HeapBudget {
    static final long BASE_BYTES = 512L << 20;
    static final long BYTES_PER_PARAMETER_PER_WORKER = 4 * (4 + 8);

    private HeapBudget() {
    }

    /** Bytes of heap the rule asks for: {@code 0.5 GiB + 48 · parameters · workers}. */
    static long requiredBytes(long parameters, int workers) {
        return BASE_BYTES + BYTES_PER_PARAMETER_PER_WORKER * parameters * Math.max(1, workers);
    }

    /**
     * @throws TrainException when {@code maxHeapBytes} (the JVM's -Xmx) is below the rule, naming both sizes, the
     *                        settings that raise the heap and the key that skips the check
     */
    static void check(long maxHeapBytes, long parameters, int workers) {
        long required = requiredBytes(parameters, workers);
        if (maxHeapBytes < required) {
            throw new TrainException(String.format(Locale.ROOT, "the driver's Java heap (%s) is below the %s this run"
                            + " needs (0.5 GiB + 48 bytes x %,d parameters x %d workers; README \"Memory\"): raise"
                            + " SPARK_NMT_HEAP (scripts/spark-nmt) or spark.driver.memory (spark-submit) to at least"
                            + " %s, or set memoryCheck: false to try anyway", gib(maxHeapBytes), gib(required),
                    parameters, Math.max(1, workers), gib(required)));
        }
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
