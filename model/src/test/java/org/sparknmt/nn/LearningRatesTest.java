package org.sparknmt.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.sparknmt.batch.BatchBuilder;
import org.sparknmt.config.ConfigTree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A learning rate of 0 must stop every parameter, the attention vertex's included; a network rebuilt from the
 * changed configuration (a Spark worker's) must update exactly as the original. Scaling (the plateau decay) keeps a
 * schedule going, on layers and vertices alike.
 */
class LearningRatesTest {
    private static final MultiDataSet BATCH = new BatchBuilder().build(ReverseTask.pairs(16, 3));

    private static ComputationGraph graph() {
        return graph(ModelConfig.defaults());
    }

    private static ComputationGraph graph(ConfigTree config) {
        ComputationGraph g = Seq2SeqNetwork.build(config.set("embedding=8").set("hidden=16")
                .set("attentionSize=8").bind(ModelConfig.class), ReverseTask.VOCAB, ReverseTask.VOCAB);
        g.fit(BATCH); // Adam state is non-zero from here on
        return g;
    }

    @Test
    void zeroFreezesEveryParameter() {
        ComputationGraph g = graph();
        LearningRates.set(g, 0.0);
        INDArray before = g.params().dup();
        g.fit(BATCH);
        assertEquals(before, g.params());
    }

    @Test
    void scalingAScheduleKeepsItGoingOnLayersAndVertices() {
        ComputationGraph g = graph(ModelConfig.defaults().set("schedule=inverseSqrt").set("warmupSteps=4")
                .set("learningRate=0.001"));
        InverseSqrtSchedule schedule = new InverseSqrtSchedule(0.001, 4);
        LearningRates.scale(g, 0.5);
        LearningRates.scale(g, 0.5);
        IUpdater vertex = ((SameDiffVertex) g.getConfiguration().getVertices().get(Seq2SeqNetwork.ATTENTION))
                .getUpdater();
        for (int it : new int[]{0, 3, 10, 100, 1000}) {
            g.getConfiguration().setIterationCount(it);
            double expected = 0.25 * schedule.valueAt(it, 0);
            assertEquals(expected, g.getLearningRate(Seq2SeqNetwork.OUTPUT), 1e-15, "output layer, iteration " + it);
            assertEquals(expected, vertex.getLearningRate(it, 0), 1e-15, "attention vertex, iteration " + it);
        }
        assertTrue(g.getConfiguration().toJson().contains("\"factor\" : 0.25"), "one scaled schedule, not two");
    }

    @Test
    void scalingAFixedRateMultipliesIt() {
        ComputationGraph g = graph();
        LearningRates.set(g, 4e-4);
        LearningRates.scale(g, 0.5);
        for (int it : new int[]{0, 100}) {
            g.getConfiguration().setIterationCount(it);
            assertEquals(2e-4, g.getLearningRate(Seq2SeqNetwork.OUTPUT), 1e-15, "iteration " + it);
        }
    }

    /** What a Spark worker does with the driver's network after a plateau decay: rebuild it from its configuration. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"set", "scale"})
    void aNetworkRebuiltFromTheConfigurationContinuesExactlyAsTheOriginal(String change) {
        ComputationGraph g = graph();
        if (change.equals("set")) {
            LearningRates.set(g, 5e-4);
        } else {
            LearningRates.scale(g, 0.5);
        }
        ComputationGraph rebuilt = new ComputationGraph(
                ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson()));
        rebuilt.init(g.params().dup(), true);
        rebuilt.getUpdater().setStateViewArray(g.getUpdater().getStateViewArray().dup());
        g.fit(BATCH);
        rebuilt.fit(BATCH);
        assertTrue(Double.isFinite(g.params().sumNumber().doubleValue()), "finite");
        assertEquals(g.params(), rebuilt.params(), "same updater blocks, same update");
    }

    @Test
    void dl4jsOwnSetterLeavesTheAttentionVertexLearning() {
        ComputationGraph g = graph();
        g.setLearningRate(0.0);
        INDArray att = g.getVertex(Seq2SeqNetwork.ATTENTION).params().dup();
        INDArray out = g.getLayer(Seq2SeqNetwork.OUTPUT).params().dup();
        g.fit(BATCH);
        assertEquals(out, g.getLayer(Seq2SeqNetwork.OUTPUT).params(), "layers stop");
        assertNotEquals(att, g.getVertex(Seq2SeqNetwork.ATTENTION).params(), "why LearningRates exists");
    }
}
