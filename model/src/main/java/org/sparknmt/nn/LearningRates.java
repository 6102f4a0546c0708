package org.sparknmt.nn;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Sets or scales the learning rate of every trainable part of the network. DL4J's {@code ComputationGraph.setLearningRate}
 * reaches only layers; vertices with parameters (the attention's Q/K/V/O projections) keep their own updater
 * configuration and would go on at the old rate.
 *
 * <p>The vertices are changed first, because DL4J's setter then rebuilds the updater: Adam's state is laid out in
 * blocks of consecutive parameters with equal updater settings, and a network rebuilt from the configuration (as
 * every Spark worker does) must find the same blocks as this one. Set the other way round, this network kept the
 * blocks of "layers at the new rate, vertex at the old" while workers built one merged block, read each other's
 * moment estimates as variances, and the first update after a plateau decay turned every parameter to NaN.
 */
public final class LearningRates {
    private LearningRates() {
    }

    /** A fixed rate everywhere: any schedule ends. */
    public static void set(ComputationGraph graph, double learningRate) {
        setOnVertices(graph, learningRate, null);
        graph.setLearningRate(learningRate); // also rebuilds the updater blocks and remaps their state
    }

    /**
     * Every rate times {@code factor} from now on (the plateau rule's decay). A schedule (warm-up, exponential or
     * inverse-square-root decay) goes on, scaled: {@link ScaledSchedule}; a fixed rate is multiplied. The network's
     * schedule is read from its output layer's Adam updater, which the builder gives every part.
     */
    public static void scale(ComputationGraph graph, double factor) {
        IUpdater out = graph.getLayer(Seq2SeqNetwork.OUTPUT).getConfig().getUpdaterByParam("W");
        ISchedule schedule = out instanceof Adam adam ? adam.getLearningRateSchedule() : null;
        if (schedule == null) {
            set(graph, out.getLearningRate(graph.getIterationCount(), graph.getEpochCount()) * factor);
            return;
        }
        ScaledSchedule scaled = ScaledSchedule.of(schedule, factor);
        setOnVertices(graph, Double.NaN, scaled);
        graph.setLearningRate(scaled);
    }

    private static void setOnVertices(ComputationGraph graph, double learningRate, ISchedule schedule) {
        for (GraphVertex v : graph.getConfiguration().getVertices().values()) {
            if (v instanceof SameDiffVertex sd) {
                for (IUpdater u : new IUpdater[]{sd.getUpdater(), sd.getBiasUpdater()}) {
                    if (u != null) {
                        u.setLrAndSchedule(learningRate, schedule);
                    }
                }
            }
        }
    }
}
