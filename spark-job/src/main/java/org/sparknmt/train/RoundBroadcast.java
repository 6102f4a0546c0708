package org.sparknmt.train;

import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.Optional;

/**
 * Frees an averaging round's broadcast (the parameters and updater state the workers start from) once the round is
 * done. dl4j-spark broadcasts them anew every round and never destroys the old ones, so Spark keeps each round's
 * copy (serialized pieces on the heap, the deserialized arrays off it) until its context cleaner sees the handle
 * collected, which may take a full collection, or evicts it to disk. The worker keeps the broadcast in a
 * private field and exposes no getter, so it is read reflectively; dl4j-spark is no longer maintained, so the field
 * will not move, and if it ever does the round goes on and only this saving is lost (logged once).
 */
final class RoundBroadcast {
    private static final Logger LOG = LoggerFactory.getLogger(RoundBroadcast.class);
    private static final Field FIELD = field();

    private RoundBroadcast() {
    }

    private static Field field() {
        try {
            Field f = ParameterAveragingTrainingWorker.class.getDeclaredField("broadcast");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot reach dl4j-spark's round broadcast ({}): each round's copy of the parameters stays in"
                    + " memory until Spark's cleaner frees it", e.toString());
            return null;
        }
    }

    /** The worker's broadcast, or empty when dl4j-spark's field cannot be reached. */
    static Optional<Broadcast<?>> of(ParameterAveragingTrainingWorker worker) {
        if (FIELD == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((Broadcast<?>) FIELD.get(worker));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the broadcast field was made accessible", e);
        }
    }

    /** Destroys the worker's broadcast (not blocking); call after the round's Spark job has finished. */
    static void release(ParameterAveragingTrainingWorker worker) {
        of(worker).ifPresent(Broadcast::destroy);
    }
}
