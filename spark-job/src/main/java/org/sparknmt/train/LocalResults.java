package org.sparknmt.train;

import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Executor and driver code: how an averaging worker's result reaches the driver. A worker in another JVM sends it
 * through Spark (serialized: parameters and Adam state, 12 bytes a parameter); a worker in the driver's own JVM
 * ({@code local[k]}, where the driver runs the tasks) parks a native copy of it here and sends only its key, and the
 * driver takes that copy back. Spark serializes every task result even in local mode: per result and round a Kryo
 * buffer grown by doubling, the task-result wrapper's copy, the driver's copy of the bytes and a deserialized native
 * copy, which filled the heap's old generation with dead 50-80 MB arrays between collections.
 *
 * <p>The copy is made in the task, not left to the driver as views of the worker's network: without it, a
 * {@code local[8]} run of the scaling study (learning rate 0.016) died twice in native code (a freed buffer in the
 * workers' forward pass, 32 s and 106 s in), where the same run with the copy, and the serialized path, finished.
 * The cause was not found; the copy costs one native copy a worker a round, which the driver frees after summing.
 *
 * <p>JVM-wide on purpose, like {@link WorkerNetworks}: a task has no other way to hand the driver an object in
 * memory. The identity {@link #JVM} is captured on the driver and compared on the executor, so a class loaded twice
 * or an executor elsewhere simply ships the result. Keys name the round and the partition: a retried or speculative
 * attempt replaces its earlier attempt's result; {@link #clear} drops what a failed round left.
 */
final class LocalResults {
    /** This JVM's identity (per loading of this class). */
    static final String JVM = UUID.randomUUID().toString();
    private static final ConcurrentMap<String, ParameterAveragingTrainingResult> PARKED = new ConcurrentHashMap<>();

    private LocalResults() {
    }

    /** What a worker sends back: its result itself, or the key under which it parked it in the driver's JVM. */
    static final class Shipped implements Serializable {
        private static final long serialVersionUID = 1L;
        private final ParameterAveragingTrainingResult result;
        private final String key;

        private Shipped(ParameterAveragingTrainingResult result, String key) {
            this.result = result;
            this.key = key;
        }

        /** Whether the result stayed in this JVM (tests). */
        boolean parked() {
            return key != null;
        }
    }

    /**
     * On the executor: parks {@code result} and returns its key when this is the driver's JVM ({@code driverJvm},
     * the driver's {@link #JVM}), else returns the result to be serialized.
     */
    static Shipped ship(String driverJvm, String round, int partition, ParameterAveragingTrainingResult result) {
        Objects.requireNonNull(result, "result");
        if (!JVM.equals(driverJvm)) {
            return new Shipped(result, null);
        }
        String key = round + "/" + partition;
        PARKED.put(key, new ParameterAveragingTrainingResult(result.getParameters().dup(), // see the class comment
                result.getUpdaterState() == null ? null : result.getUpdaterState().dup(), result.getScore(),
                null, null, null));
        return new Shipped(null, key);
    }

    /**
     * On the driver: the result a worker shipped (deserialized), or the copy it parked in this JVM, taken out of the
     * parking; either way the caller's to free.
     */
    static ParameterAveragingTrainingResult receive(Shipped shipped) {
        if (shipped.key == null) {
            return shipped.result;
        }
        ParameterAveragingTrainingResult result = PARKED.remove(shipped.key);
        if (result == null) {
            throw new IllegalStateException("averaging round result " + shipped.key + " was shipped but is not parked "
                    + "in this JVM (was it cleared while the round ran?)");
        }
        return result;
    }

    /** Drops every parked result (the driver calls it when each round ends, which drops what a failed round left). */
    static void clear() {
        PARKED.clear();
    }

    /** How many results are parked (tests). */
    static int parkedCount() {
        return PARKED.size();
    }
}
