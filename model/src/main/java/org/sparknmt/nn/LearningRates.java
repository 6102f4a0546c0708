package org.sparknmt.nn;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Sets a fixed learning rate on every trainable part of the network. DL4J's {@code ComputationGraph.setLearningRate}
 * reaches only layers; vertices with parameters (the attention's Q/K/V/O projections) keep their own updater
 * configuration and would go on at the old rate.
 */
public final class LearningRates {
    private LearningRates() {
    }

    public static void set(ComputationGraph graph, double learningRate) {
        graph.setLearningRate(learningRate);
        for (GraphVertex v : graph.getConfiguration().getVertices().values()) {
            if (v instanceof SameDiffVertex sd) {
                for (IUpdater u : new IUpdater[]{sd.getUpdater(), sd.getBiasUpdater()}) {
                    if (u != null) {
                        u.setLrAndSchedule(learningRate, null);
                    }
                }
            }
        }
    }
}
