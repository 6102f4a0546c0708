package org.sparknmt.train;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The training loss per real target token over every batch the workers fitted, not DL4J's score of each worker's
 * last batch (which, divided by an average token count, swung between 3 and 12 nats on bucketed batches).
 * Executor side: after each fit the hook adds the batch's summed loss and its real token count to two Spark
 * accumulators; the driver resets them before a chunk and reads them after. A retried task adds its batches again,
 * which moves the mean only by what that task contributed.
 */
final class TrainLoss extends NoOpHook {
    private static final long serialVersionUID = 1L;
    private final DoubleAccumulator lossSum;
    private final DoubleAccumulator tokens;

    TrainLoss(JavaSparkContext sc) {
        this.lossSum = sc.sc().doubleAccumulator("train loss sum");
        this.tokens = sc.sc().doubleAccumulator("train target tokens");
    }

    /** Driver side: forget the previous chunk. */
    void reset() {
        lossSum.reset();
        tokens.reset();
    }

    /** Driver side: mean loss per real target token since {@link #reset()}, NaN before any batch. */
    double perToken() {
        return tokens.value() > 0 ? lossSum.value() / tokens.value() : Double.NaN;
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        // DL4J's score is the batch's summed masked loss divided by the number of sequences, computed before the update
        long sequences = minibatch.getFeatures(0).size(0);
        lossSum.add(model.score() * sequences);
        tokens.add(minibatch.getLabelsMaskArray(0).sumNumber().doubleValue());
    }
}
