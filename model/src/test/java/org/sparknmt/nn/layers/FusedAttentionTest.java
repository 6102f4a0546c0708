package org.sparknmt.nn.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.AttentionVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FusedAttention} against finite differences and against DL4J's SameDiff AttentionVertex with the same
 * parameters (outputs, score, every gradient), with padded queries and keys, keys and values from one input as in
 * the network and from two.
 */
class FusedAttentionTest {
    private static final int MB = 3;
    private static final int QUERY_SIZE = 4;
    private static final int KEY_SIZE = 5;
    private static final int SIZE = 6;
    private static final int VOCAB = 7;
    private static final int QUERIES = 4;
    private static final int KEYS = 5;

    /**
     * q [mb,4,Tq], kv [mb,5,Ts] (and v, when separate) → attention (A = 6) → softmax over 7; with {@code lstms}, each
     * input first goes through one of our LSTMs, so a gradient check covers the vertex's input gradients too.
     */
    private static ComputationGraph graph(Function<AttentionVertex.Builder, GraphVertex> vertex, boolean separateValues,
                                          boolean lstms, DataType type) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(5).dataType(type)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder();
        AttentionVertex.Builder att = new AttentionVertex.Builder().nInQueries(QUERY_SIZE).nInKeys(KEY_SIZE)
                .nInValues(KEY_SIZE).headSize(SIZE).nOut(SIZE).nHeads(1).projectInput(true).weightInit(WeightInit.XAVIER);
        String[] names = separateValues ? new String[]{"q", "k", "v"} : new String[]{"q", "kv"};
        g.addInputs(names);
        InputType[] types = new InputType[names.length];
        String[] into = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            int features = i == 0 ? QUERY_SIZE : KEY_SIZE;
            types[i] = InputType.recurrent(features, i == 0 ? QUERIES : KEYS, RNNFormat.NCW);
            into[i] = names[i];
            if (lstms) {
                into[i] = names[i] + "Lstm";
                g.addLayer(into[i], FusedLstm.of(new LSTM.Builder().nIn(features).nOut(features)
                        .activation(Activation.TANH).build()), names[i]);
            }
        }
        g.setInputTypes(types);
        g.addVertex("att", vertex.apply(att), separateValues ? into : new String[]{into[0], into[1], into[1]});
        g.addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.SPARSE_MCXENT)
                .activation(Activation.SOFTMAX).nIn(SIZE).nOut(VOCAB).dataFormat(RNNFormat.NCW).build(), "att");
        ComputationGraph net = new ComputationGraph(g.setOutputs("out").build());
        net.init();
        return net;
    }

    private static GraphVertex fused(AttentionVertex.Builder b) {
        return new FusedAttention(b);
    }

    private static GraphVertex stock(AttentionVertex.Builder b) {
        return new AttentionVertex(b) {
        };
    }

    private static INDArray[] inputs(boolean separateValues, DataType type) {
        INDArray q = Sequences.input(type, 21, 3, MB, QUERY_SIZE, QUERIES);
        INDArray k = Sequences.input(type, 22, 3, MB, KEY_SIZE, KEYS);
        return separateValues ? new INDArray[]{q, k, Sequences.input(type, 23, 3, MB, KEY_SIZE, KEYS)}
                : new INDArray[]{q, k};
    }

    /** Query lengths 4, 3, 1; key lengths 5, 2, 3. */
    private static INDArray[] masks(boolean separateValues, DataType type) {
        INDArray q = Sequences.mask(type, QUERIES, 4, 3, 1);
        INDArray k = Sequences.mask(type, KEYS, 5, 2, 3);
        return separateValues ? new INDArray[]{q, k, k} : new INDArray[]{q, k};
    }

    private static INDArray labels(DataType type) {
        return Sequences.labels(type, 29, MB, QUERIES, VOCAB);
    }

    /** Through LSTMs before it, so its input gradients are checked too. */
    @Test
    void gradientsMatchFiniteDifferencesWithPaddedQueriesAndKeys() {
        Sequences.inDoublePrecision(() -> {
            for (boolean separate : new boolean[]{false, true}) {
                ComputationGraph g = graph(FusedAttentionTest::fused, separate, true, DataType.DOUBLE);
                INDArray[] masks = masks(separate, DataType.DOUBLE);
                boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                        .inputs(inputs(separate, DataType.DOUBLE)).labels(new INDArray[]{labels(DataType.DOUBLE)})
                        .inputMask(masks).labelMask(new INDArray[]{masks[0]})
                        .epsilon(1e-6).maxRelError(1e-6).minAbsoluteError(1e-8));
                assertTrue(ok, (separate ? "separate values" : "keys = values") + ": every parameter gradient");
            }
        });
    }

    /**
     * Outputs and score equal DL4J's; DL4J's parameter gradients are twice the finite-difference ones (its SameDiff
     * vertex fails the same gradient check), ours are exactly half of them. Adam is nearly blind to the factor but
     * per-layer clipping is not: the stock vertex clipped its gradients at half the configured norm.
     */
    @Test
    void equalsDl4jsAttentionVertexForTheSameParametersWhoseGradientsAreDoubled() {
        for (boolean separate : new boolean[]{false, true}) {
            for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
                double tol = type == DataType.DOUBLE ? 1e-10 : 1e-5;
                ComputationGraph a = graph(FusedAttentionTest::fused, separate, false, type);
                ComputationGraph b = graph(FusedAttentionTest::stock, separate, false, type);
                b.setParams(a.params().dup());
                assertTrue(a.getVertex("att") instanceof FusedAttentionVertex);
                INDArray[] in = inputs(separate, type);
                INDArray[] masks = masks(separate, type);
                INDArray outA = a.output(false, in, masks, null)[0];
                INDArray outB = b.output(false, in, masks, null)[0];
                String what = type + (separate ? " separate values" : " keys = values");
                assertTrue(outA.sub(outB).amaxNumber().doubleValue() <= tol, what + ": output");

                for (ComputationGraph g : new ComputationGraph[]{a, b}) {
                    g.setInputs(in);
                    g.setLabels(labels(type));
                    g.setLayerMaskArrays(masks, new INDArray[]{masks[0]});
                    g.computeGradientAndScore();
                }
                assertEquals(b.score(), a.score(), tol * 10, what + ": score");
                for (String p : new String[]{"att_Wq", "att_Wk", "att_Wv", "att_Wo", "out_W", "out_b"}) {
                    INDArray ga = a.gradient().getGradientFor(p);
                    INDArray gb = b.gradient().getGradientFor(p).mul(p.startsWith("att") ? 0.5 : 1.0);
                    double diff = ga.sub(gb).amaxNumber().doubleValue();
                    assertTrue(diff <= tol * Math.max(1, gb.amaxNumber().doubleValue()), what + ": gradient " + p + " " + diff);
                }
            }
        }
    }

    /** Padding a sequence's keys (more masked steps) changes nothing at its real queries. */
    @Test
    void paddedKeysDoNotChangeTheOutput() {
        ComputationGraph g = graph(FusedAttentionTest::fused, false, false, DataType.DOUBLE);
        INDArray[] in = inputs(false, DataType.DOUBLE);
        INDArray[] masks = masks(false, DataType.DOUBLE);
        INDArray before = g.output(false, in, masks, null)[0];
        INDArray kv = in[1].dup();
        kv.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(2, KEYS)).assign(1e3); // padding
        INDArray after = g.output(false, new INDArray[]{in[0], kv}, masks, null)[0];
        assertTrue(before.sub(after).amaxNumber().doubleValue() <= 1e-12);
    }

    @Test
    void cloneKeepsTheUpdaterAndTheNetworkRoundTripsThroughDl4jsSerializer() throws Exception {
        FusedAttention conf = new FusedAttention(new AttentionVertex.Builder().nInQueries(4).nInKeys(5).nInValues(5)
                .headSize(6).nOut(6).nHeads(1).projectInput(true));
        conf.setUpdater(new Adam(0.01));
        FusedAttention copy = conf.clone();
        assertEquals(new Adam(0.01), copy.getUpdater());
        assertEquals(6, copy.getHeadSize());

        ComputationGraph g = graph(FusedAttentionTest::fused, false, false, DataType.FLOAT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(g.getConfiguration(), restored.getConfiguration());
        assertTrue(restored.getVertex("att") instanceof FusedAttentionVertex);
        INDArray[] in = inputs(false, DataType.FLOAT);
        INDArray[] masks = masks(false, DataType.FLOAT);
        assertEquals(g.output(false, in, masks, null)[0], restored.output(false, in, masks, null)[0]);
    }
}
