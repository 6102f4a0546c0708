package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknmt.vocab.Specials;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a bidirectional encoder hands the decoder: by default each direction's final state (forward at the last real
 * step, backward at step 0, where it has read the whole sentence), the same for a sentence alone and padded in a
 * batch; {@code encoderSummary: last} (networks built before the key) takes both halves at the last real step.
 */
class EncoderSummaryTest {
    private static final int HIDDEN = 12;
    private static final List<int[]> SOURCES = List.of(new int[]{5, 6, 7, 8, 9}, new int[]{10, 11}, new int[]{12});

    @Test
    void theDefaultSummaryIsEachDirectionsFinalState() {
        ComputationGraph g = Seq2SeqNetwork.build(config("ends"), 20, 20);
        INDArray[] acts = encode(g, SOURCES);
        INDArray encoded = acts[0];       // [n, H, T]
        INDArray summary = acts[1];       // [n, H]
        for (int i = 0; i < SOURCES.size(); i++) {
            int last = SOURCES.get(i).length; // the EOS step
            for (int k = 0; k < HIDDEN / 2; k++) {
                assertEquals(encoded.getDouble(i, k, last), summary.getDouble(i, k), 1e-12, "forward, row " + i);
                int b = HIDDEN / 2 + k;
                assertEquals(encoded.getDouble(i, b, 0), summary.getDouble(i, b), 1e-12, "backward, row " + i);
            }
        }
        for (int i = 0; i < SOURCES.size(); i++) {
            INDArray alone = encode(g, List.of(SOURCES.get(i)))[1];
            for (int k = 0; k < HIDDEN; k++) {
                assertEquals(alone.getDouble(0, k), summary.getDouble(i, k), 1e-12, "row " + i + " alone and padded");
            }
        }
    }

    @Test
    void theLastStepSummaryIsKeptForNetworksBuiltWithIt() {
        ComputationGraph g = Seq2SeqNetwork.build(config("last"), 20, 20);
        INDArray[] acts = encode(g, SOURCES);
        for (int i = 0; i < SOURCES.size(); i++) {
            int last = SOURCES.get(i).length;
            for (int k = 0; k < HIDDEN; k++) {
                assertEquals(acts[0].getDouble(i, k, last), acts[1].getDouble(i, k), 1e-12, "row " + i);
            }
        }
        ModelConfig old = ModelConfig.fromYaml("bidirectional: true\nhidden: 12\n");
        assertEquals(ModelConfig.EncoderSummary.LAST, old.encoderSummary(), "a bundle's model.yaml without the key");
        assertEquals(0.0, old.labelSmoothing(), "nor label smoothing");
        assertEquals(ModelConfig.EncoderSummary.ENDS, ModelConfig.defaults().bind(ModelConfig.class).encoderSummary());
    }

    private static ModelConfig config(String summary) {
        return ModelConfig.defaults().set("embedding=8").set("hidden=" + HIDDEN).set("attentionSize=10")
                .set("bidirectional=true").set("encoderSummary=" + summary).set("dataType=double").set("seed=3")
                .bind(ModelConfig.class);
    }

    private static INDArray[] encode(ComputationGraph g, List<int[]> sources) {
        EncodedSources enc = EncodedSources.of(sources, DataType.DOUBLE);
        int n = sources.size();
        INDArray bos = Nd4j.valueArrayOf(new long[]{n, 1, 1}, (double) Specials.BOS_ID, DataType.DOUBLE);
        return g.output(List.of(Seq2SeqNetwork.encoder(0), Seq2SeqNetwork.ENCODER_LAST), false,
                new INDArray[]{enc.ids(), bos}, new INDArray[]{enc.mask(), Nd4j.ones(DataType.DOUBLE, n, 1)});
    }
}
