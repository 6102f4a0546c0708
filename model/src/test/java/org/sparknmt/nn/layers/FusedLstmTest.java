package org.sparknmt.nn.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.serde.JsonMappers;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FusedLstm} against finite differences (stacked, and inside DL4J's Bidirectional wrapper, which sets masks
 * on its layers) and against DL4J's LSTM with the same parameters: outputs, score and every gradient.
 */
class FusedLstmTest {
    private static final int MB = 3;
    private static final int FEATURES = 3;
    private static final int HIDDEN = 4;
    private static final int VOCAB = 6;
    private static final int STEPS = 5;

    private static LSTM stockLstm(int nIn, int nOut) {
        return new LSTM.Builder().nIn(nIn).nOut(nOut).activation(Activation.TANH).build();
    }

    /** in → LSTM(3→4) → LSTM(4→4) (or one Bidirectional, CONCAT) → softmax over 6. */
    private static ComputationGraph graph(Function<LSTM, Layer> wrap, boolean bidirectional, DataType type) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .setInputTypes(InputType.recurrent(FEATURES, STEPS, RNNFormat.NCW));
        long top;
        if (bidirectional) {
            g.addLayer("bi", new Bidirectional(Bidirectional.Mode.CONCAT, wrap.apply(stockLstm(FEATURES, HIDDEN))), "in");
            g.addLayer("out", output(2L * HIDDEN), "bi");
        } else {
            g.addLayer("l0", wrap.apply(stockLstm(FEATURES, HIDDEN)), "in");
            g.addLayer("l1", wrap.apply(stockLstm(HIDDEN, HIDDEN)), "l0");
            g.addLayer("out", output(HIDDEN), "l1");
        }
        ComputationGraph net = new ComputationGraph(g.setOutputs("out").build());
        net.init();
        return net;
    }

    private static Layer output(long nIn) {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.SPARSE_MCXENT).activation(Activation.SOFTMAX)
                .nIn(nIn).nOut(VOCAB).dataFormat(RNNFormat.NCW).build();
    }

    private static INDArray input(DataType type) {
        return Sequences.input(type, 11, 3, MB, FEATURES, STEPS);
    }

    private static INDArray labels(DataType type) {
        return Sequences.labels(type, 13, MB, STEPS, VOCAB);
    }

    /** Lengths 5, 4 and 2. */
    private static INDArray mask(DataType type) {
        return Sequences.mask(type, STEPS, 5, 4, 2);
    }

    @Test
    void gradientsMatchFiniteDifferencesStackedAndBidirectionalWithMasks() {
        Sequences.inDoublePrecision(() -> {
            for (boolean bi : new boolean[]{false, true}) {
                ComputationGraph g = graph(FusedLstm::of, bi, DataType.DOUBLE);
                INDArray mask = mask(DataType.DOUBLE);
                boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                        .inputs(new INDArray[]{input(DataType.DOUBLE)}).labels(new INDArray[]{labels(DataType.DOUBLE)})
                        .inputMask(new INDArray[]{mask}).labelMask(new INDArray[]{mask})
                        .epsilon(1e-6).maxRelError(1e-6).minAbsoluteError(1e-8)); // DL4J's LSTM failed at 1e-5 (min abs 1e-9) here
                assertTrue(ok, (bi ? "bidirectional" : "stacked") + ": every parameter gradient");
            }
        });
    }

    @Test
    void equalsDl4jsLstmForTheSameParameters() {
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-10 : 1e-5;
            ComputationGraph a = graph(FusedLstm::of, false, type);
            ComputationGraph b = graph(l -> l, false, type);
            b.setParams(a.params().dup());
            assertTrue(a.getLayer("l0") instanceof FusedLstmLayer);
            INDArray in = input(type);
            INDArray mask = mask(type);
            INDArray outA = a.outputSingle(in);
            INDArray outB = b.outputSingle(in);
            assertTrue(outA.sub(outB).amaxNumber().doubleValue() <= tol, type + " output");

            for (ComputationGraph g : new ComputationGraph[]{a, b}) {
                g.setInputs(in);
                g.setLabels(labels(type));
                g.setLayerMaskArrays(new INDArray[]{mask}, new INDArray[]{mask});
                g.computeGradientAndScore();
            }
            assertEquals(b.score(), a.score(), tol * 10, type + " score");
            for (String p : new String[]{"l0_W", "l0_RW", "l0_b", "l1_W", "l1_RW", "l1_b", "out_W", "out_b"}) {
                INDArray ga = a.gradient().getGradientFor(p);
                INDArray gb = b.gradient().getGradientFor(p);
                double diff = ga.sub(gb).amaxNumber().doubleValue();
                assertTrue(diff <= tol * Math.max(1, gb.amaxNumber().doubleValue()), type + " gradient " + p + ": " + diff);
            }
        }
    }

    /** Without padding both directions equal DL4J's; with padding DL4J's lets it in (the test below). */
    @Test
    void insideBidirectionalTheOutputsEqualDl4jsWithoutPadding() {
        ComputationGraph a = graph(FusedLstm::of, true, DataType.DOUBLE);
        ComputationGraph b = graph(l -> l, true, DataType.DOUBLE);
        b.setParams(a.params().dup());
        INDArray in = input(DataType.DOUBLE);
        INDArray full = Nd4j.ones(DataType.DOUBLE, MB, STEPS);
        INDArray outA = a.output(false, new INDArray[]{in}, new INDArray[]{full}, null)[0];
        INDArray outB = b.output(false, new INDArray[]{in}, new INDArray[]{full}, null)[0];
        assertTrue(outA.sub(outB).amaxNumber().doubleValue() <= 1e-10);
    }

    /** A sequence of 2 steps alone and padded to 5 in a batch: the same encoding at its real steps. */
    @Test
    void insideBidirectionalPaddingDoesNotChangeASequencesOutput() {
        ComputationGraph ours = graph(FusedLstm::of, true, DataType.DOUBLE);
        ComputationGraph stock = graph(l -> l, true, DataType.DOUBLE);
        stock.setParams(ours.params().dup());
        INDArray batch = input(DataType.DOUBLE);
        INDArray mask = mask(DataType.DOUBLE);                       // sequence 2 has 2 real steps
        INDArray alone = batch.get(NDArrayIndex.interval(2, 3), NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).dup();
        double oursDiff = paddingEffect(ours, batch, mask, alone);
        double stockDiff = paddingEffect(stock, batch, mask, alone);
        assertTrue(oursDiff <= 1e-12, "padding-invariant: " + oursDiff);
        assertTrue(stockDiff > 1e-3, "why the mask is kept: DL4J's LSTM lets padding in, by " + stockDiff);
    }

    /** Max difference, at the real steps of sequence 2, between its output in the batch and alone. */
    private static double paddingEffect(ComputationGraph g, INDArray batch, INDArray mask, INDArray alone) {
        INDArray inBatch = g.output(false, new INDArray[]{batch}, new INDArray[]{mask}, null)[0]
                .get(NDArrayIndex.interval(2, 3), NDArrayIndex.all(), NDArrayIndex.interval(0, 2));
        INDArray byItself = g.output(false, new INDArray[]{alone}, new INDArray[]{Nd4j.ones(DataType.DOUBLE, 1, 2)}, null)[0];
        return inBatch.sub(byItself).amaxNumber().doubleValue();
    }

    @Test
    void stepByStepWithCarriedStateEqualsTheWholeSequence() {
        ComputationGraph g = graph(FusedLstm::of, false, DataType.DOUBLE);
        INDArray in = input(DataType.DOUBLE);
        INDArray whole = g.outputSingle(in);
        g.rnnClearPreviousState();
        for (int t = 0; t < STEPS; t++) {
            INDArray step = g.rnnTimeStep(in.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)))[0];
            INDArray expected = whole.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1));
            assertTrue(step.reshape(expected.shape()).sub(expected).amaxNumber().doubleValue() <= 1e-10, "step " + t);
        }
    }

    @Test
    void keepsEveryStockSettingAndRoundTripsThroughDl4jsSerializer() throws Exception {
        LSTM stock = new LSTM.Builder().nIn(5).nOut(7).activation(Activation.TANH).forgetGateBiasInit(2.5)
                .dropOut(0.8).name("x").build();
        @SuppressWarnings("unchecked")
        Map<String, Object> s = JsonMappers.getMapper().convertValue(stock, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> f = JsonMappers.getMapper().convertValue(FusedLstm.of(stock), Map.class);
        assertEquals(FusedLstm.class.getName(), f.remove("@class"));
        s.remove("@class");
        assertEquals(s, f);

        ComputationGraph g = graph(FusedLstm::of, true, DataType.FLOAT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(g.getConfiguration(), restored.getConfiguration());
        INDArray in = input(DataType.FLOAT);
        assertEquals(g.outputSingle(in), restored.outputSingle(in));
    }
}
