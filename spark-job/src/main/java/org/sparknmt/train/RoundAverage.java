package org.sparknmt.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Driver code: the end of an averaging round. The mean of the workers' parameters, and of their updater (Adam) states
 * when they saved them, becomes the driver network's, and the mean of their scores is the round's score: what
 * dl4j-spark's {@code processResults} does, but summed in partition order (the stock tree aggregate sums in the order
 * the tasks finish) and straight into the network's own arrays, which no worker reads once the round's tasks are
 * done, instead of into new ones every round (12 bytes a parameter). Each result's arrays (a deserialized copy, or
 * the copy a worker in this JVM parked: {@link LocalResults}) belong to the round and are freed as soon as they are
 * summed, not left to a garbage collection.
 */
final class RoundAverage {
    private RoundAverage() {
    }

    /**
     * Averages {@code results} into {@code net} and returns the mean of their scores; or empty, changing nothing,
     * when there are none (every partition of the round was empty).
     */
    static OptionalDouble apply(ComputationGraph net, List<LocalResults.Shipped> results) {
        if (results.isEmpty()) {
            return OptionalDouble.empty();
        }
        INDArray parameters = net.params();
        INDArray updater = null;
        double score = 0;
        int updaters = 0;
        for (int i = 0; i < results.size(); i++) {
            ParameterAveragingTrainingResult r = LocalResults.receive(results.get(i));
            accumulate(parameters, r.getParameters(), i == 0);
            if (r.getUpdaterState() != null) {
                if (updater == null) {
                    updater = net.getUpdater().getStateViewArray();
                }
                accumulate(updater, r.getUpdaterState(), updaters == 0);
                updaters++;
            }
            score += r.getScore();
            free(r.getParameters());
            free(r.getUpdaterState());
        }
        if (updaters != 0 && updaters != results.size()) {
            throw new IllegalStateException(updaters + " of " + results.size() + " workers sent an updater state: "
                    + "all or none must (saveUpdater)");
        }
        int n = results.size();
        parameters.divi(n);
        if (updater != null) {
            updater.divi(n);
        }
        return OptionalDouble.of(score / n);
    }

    private static void free(INDArray a) {
        if (a != null && a.closeable()) {
            a.close();
        }
    }

    /** {@code sum = x} if {@code first}, else {@code sum += x}, in place. */
    private static void accumulate(INDArray sum, INDArray x, boolean first) {
        if (sum.length() != x.length()) {
            throw new IllegalStateException("a worker's result has " + x.length() + " values where the driver's "
                    + "network has " + sum.length());
        }
        INDArray same = x.reshape(sum.shape());
        if (first) {
            sum.assign(same);
        } else {
            sum.addi(same);
        }
    }
}
