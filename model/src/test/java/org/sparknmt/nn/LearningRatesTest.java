package org.sparknmt.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparknmt.batch.BatchBuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A learning rate of 0 must stop every parameter, the attention vertex's included; a network rebuilt from the
 * changed configuration (a Spark worker's) must update exactly as the original.
 */
class LearningRatesTest {
    private static final MultiDataSet BATCH = new BatchBuilder().build(ReverseTask.pairs(16, 3));

    private static ComputationGraph graph() {
        ComputationGraph g = Seq2SeqNetwork.build(ModelConfig.defaults().set("embedding=8").set("hidden=16")
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

    /** What a Spark worker does with the driver's network after a plateau decay: rebuild it from its configuration. */
    @Test
    void aNetworkRebuiltFromTheConfigurationContinuesExactlyAsTheOriginal() {
        ComputationGraph g = graph();
        LearningRates.set(g, 5e-4);
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
