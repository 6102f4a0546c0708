package org.sparknmt.bundle;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparknmt.nn.InverseSqrtSchedule;
import org.sparknmt.nn.ModelConfig;
import org.sparknmt.nn.Seq2SeqNetwork;
import org.sparknmt.translate.Translator;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Transformer network trained a few steps goes through a bundle and comes back whole: parameters, Adam state,
 * configuration (its stacks and the inverse-square-root schedule), the same outputs; and the loaded bundle
 * translates through the incremental Transformer decoder.
 */
class TransformerBundleTest {
    private static final String MODEL_YAML = """
            architecture: transformer
            embedding: 16
            hidden: 16
            heads: 2
            feedForward: 24
            layers: 2
            dropout: 0.1
            schedule: inverseSqrt
            learningRate: 0.002
            warmupSteps: 4
            adamBeta2: 0.98
            """;

    @Test
    void aTrainedTransformerRoundTripsAndTranslates() throws IOException {
        ModelConfig config = ModelConfig.fromYaml(MODEL_YAML);
        ComputationGraph g = Seq2SeqNetwork.build(config, Fixtures.sourceVocab().size(), Fixtures.targetVocab().size());
        MultiDataSet batch = Fixtures.batch();
        for (int i = 0; i < 6; i++) {
            g.fit(batch);
        }
        Bundle b = new Bundle(g, Fixtures.sourceVocab(), Fixtures.targetVocab(), Fixtures.perSide(), MODEL_YAML,
                Fixtures.DATA_YAML, Fixtures.STATE, Fixtures.PROVENANCE);
        Bundle back = Fixtures.read(Fixtures.bytes(b), "transformer.bundle");
        ComputationGraph n = back.network();
        assertArrayEquals(g.params().toFloatVector(), n.params().toFloatVector());
        assertArrayEquals(g.getUpdater().getStateViewArray().toFloatVector(),
                n.getUpdater().getStateViewArray().toFloatVector());
        assertEquals(g.getConfiguration().toJson(), n.getConfiguration().toJson());
        assertTrue(n.getConfiguration().toJson().contains(InverseSqrtSchedule.class.getName()));
        assertEquals(g.getLearningRate(Seq2SeqNetwork.OUTPUT), n.getLearningRate(Seq2SeqNetwork.OUTPUT), 0.0);
        INDArray[] expected = g.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays());
        INDArray[] actual = n.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays());
        assertArrayEquals(expected[0].ravel().toFloatVector(), actual[0].ravel().toFloatVector());
        List<String> out = Translator.of(back).translate(List.of("a b c", "", "b"));
        assertEquals(3, out.size());
        assertEquals("", out.get(1), "an empty line stays empty");
    }

    @Test
    void theScheduleWarmsUpThenFallsAsTheInverseSquareRoot() {
        InverseSqrtSchedule s = new InverseSqrtSchedule(0.002, 4);
        assertEquals(0.0005, s.valueAt(0, 0), 1e-12);
        assertEquals(0.002, s.valueAt(3, 0), 1e-12);
        assertEquals(0.001, s.valueAt(15, 0), 1e-12);
    }
}
