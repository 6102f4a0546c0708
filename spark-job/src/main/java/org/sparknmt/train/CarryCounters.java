package org.sparknmt.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Executor code: gives a worker's network the driver's iteration and epoch counts before its first step.
 * dl4j-spark builds each worker's network from {@code ComputationGraphConfiguration.clone()}, which drops both
 * counts, so without this every worker in every averaging round starts again at iteration 0: a learning-rate
 * warm-up never ends, decay never advances, and Adam's bias correction is that of step 1..averagingFrequency applied
 * to long-run moments, which shrinks every update several times. Idempotent: it only ever moves a count forward.
 */
final class CarryCounters extends NoOpHook {
    private static final long serialVersionUID = 1L;
    private final int iterations;
    private final int epochs;

    CarryCounters(int iterations, int epochs) {
        this.iterations = iterations;
        this.epochs = epochs;
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        if (model instanceof ComputationGraph graph) {
            var conf = graph.getConfiguration();
            if (conf.getIterationCount() < iterations) {
                conf.setIterationCount(iterations);
            }
            if (conf.getEpochCount() < epochs) {
                conf.setEpochCount(epochs);
            }
        }
    }
}
