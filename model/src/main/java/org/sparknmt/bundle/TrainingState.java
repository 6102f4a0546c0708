package org.sparknmt.bundle;

/**
 * Where training stands, so that a trainer can resume exactly where a checkpoint was taken.
 *
 * @param epoch               the 0-based epoch in progress
 * @param step                global optimisation steps taken so far, over all epochs
 * @param batchesInEpoch      batches of {@code epoch} already consumed; a resumed trainer skips that many
 * @param bestValidationScore the best validation BLEU so far, or NaN before the first validation
 * @param seed                the seed of the trainer's random number generators (shuffling, dropout)
 */
public record TrainingState(int epoch, long step, long batchesInEpoch, double bestValidationScore, long seed) {

    public TrainingState {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
        }
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, was " + step);
        }
        if (batchesInEpoch < 0) {
            throw new IllegalArgumentException("batchesInEpoch must be >= 0, was " + batchesInEpoch);
        }
        if (Double.isInfinite(bestValidationScore)) {
            throw new IllegalArgumentException("bestValidationScore must be finite, or NaN before the first validation, was "
                    + bestValidationScore);
        }
    }

    /** The state before the first step: epoch 0, step 0, nothing consumed, no validation score yet. */
    public static TrainingState start(long seed) {
        return new TrainingState(0, 0, 0, Double.NaN, seed);
    }
}
