package org.sparknmt.nn.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SequenceSoftmaxOutput} against finite differences and against DL4J's RnnOutputLayer (SPARSE_MCXENT,
 * softmax) with the same parameters: output, score, every gradient, and the gradient it passes back (checked
 * through an LSTM below it), with masks that cut sequences at different lengths.
 */
class SequenceSoftmaxOutputTest {
    private static final int MB = 3;
    private static final int FEATURES = 3;
    private static final int HIDDEN = 4;
    private static final int VOCAB = 7;
    private static final int STEPS = 5;

    private static ComputationGraph graph(Layer output, DataType type) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(12).dataType(type)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.recurrent(FEATURES, STEPS, RNNFormat.NCW))
                .addLayer("lstm", new LSTM.Builder().nIn(FEATURES).nOut(HIDDEN).activation(Activation.TANH).build(), "in")
                .addLayer("out", output, "lstm")
                .setOutputs("out")
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static Layer ours() {
        return new SequenceSoftmaxOutput.Builder().nIn(HIDDEN).nOut(VOCAB).build();
    }

    private static Layer smoothed(double epsilon) {
        return new SequenceSoftmaxOutput.Builder().nIn(HIDDEN).nOut(VOCAB).labelSmoothing(epsilon).build();
    }

    private static Layer stock() {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.SPARSE_MCXENT).activation(Activation.SOFTMAX)
                .nIn(HIDDEN).nOut(VOCAB).dataFormat(RNNFormat.NCW).build();
    }

    private static INDArray input(DataType type) {
        return Sequences.input(type, 3, 4, MB, FEATURES, STEPS);
    }

    private static INDArray labels(DataType type) {
        return Sequences.labels(type, 5, MB, STEPS, VOCAB);
    }

    /** Lengths 5, 3 and 1. */
    private static INDArray mask(DataType type) {
        return Sequences.mask(type, STEPS, 5, 3, 1);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithMasks() {
        Sequences.inDoublePrecision(() -> checkGradients(ours()));
    }

    @Test
    void labelSmoothingGradientsMatchFiniteDifferencesWithMasks() {
        Sequences.inDoublePrecision(() -> checkGradients(smoothed(0.2)));
    }

    private static void checkGradients(Layer output) {
        ComputationGraph g = graph(output, DataType.DOUBLE);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[]{input(DataType.DOUBLE)}).labels(new INDArray[]{labels(DataType.DOUBLE)})
                .labelMask(new INDArray[]{mask(DataType.DOUBLE)})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        assertTrue(ok, "every parameter gradient, the LSTM's below included (it checks the epsilon we pass back)");
    }

    @Test
    void equalsDl4jsRnnOutputLayerForTheSameParameters() {
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-10 : 2e-5;
            ComputationGraph a = graph(ours(), type);
            ComputationGraph b = graph(stock(), type);
            b.setParams(a.params().dup());
            INDArray in = input(type);
            INDArray labels = labels(type);
            INDArray mask = mask(type);

            INDArray outA = a.output(false, new INDArray[]{in}, null, new INDArray[]{mask})[0];
            INDArray outB = b.output(false, new INDArray[]{in}, null, new INDArray[]{mask})[0];
            // at real steps; at masked ones DL4J's layer zeroes the logits (a uniform softmax), ours leaves them
            INDArray real = mask.reshape(MB, 1, STEPS);
            assertArrayEquals3d(outB.mul(real), outA.mul(real), tol, type + " softmax output [mb, V, T] at real steps");

            org.nd4j.linalg.dataset.MultiDataSet ds = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{in},
                    new INDArray[]{labels}, null, new INDArray[]{mask});
            a.setInputs(in);
            a.setLabels(labels);
            a.setLayerMaskArrays(null, new INDArray[]{mask});
            a.computeGradientAndScore();
            b.setInputs(in);
            b.setLabels(labels);
            b.setLayerMaskArrays(null, new INDArray[]{mask});
            b.computeGradientAndScore();
            assertEquals(b.score(), a.score(), tol * 10, type + " score");
            assertEquals(b.score(ds), a.score(ds), tol * 10, type + " score outside training");
            for (String p : new String[]{"out_W", "out_b", "lstm_W", "lstm_RW", "lstm_b"}) {
                INDArray ga = a.gradient().getGradientFor(p);
                INDArray gb = b.gradient().getGradientFor(p);
                double diff = ga.sub(gb).amaxNumber().doubleValue();
                assertTrue(diff <= tol * Math.max(1, gb.amaxNumber().doubleValue()), type + " gradient " + p + ": " + diff);
            }
            INDArray perSeqA = a.scoreExamples(ds, false);
            // DL4J's own scoreExamples fails for RnnOutputLayer in a graph (detaches an array of a closed
            // workspace), so the expectation comes from its softmax output
            for (int s = 0; s < MB; s++) {
                double expected = 0;
                for (int t = 0; t < STEPS; t++) {
                    if (mask.getDouble(s, t) != 0) {
                        expected -= Math.log(outB.getDouble(s, labels.getInt(s, 0, t), t));
                    }
                }
                assertEquals(expected, perSeqA.getDouble(s, 0), tol * 100, type + " loss of sequence " + s);
            }
        }
    }

    /**
     * Training's score is (1−ε)·NLL + ε·mean over the vocabulary of −log p, summed over real steps per sequence,
     * from the layer's own softmax output; outside training the score is the plain cross-entropy, equal to the
     * unsmoothed layer's.
     */
    @Test
    void labelSmoothingTrainsOnTheSmoothedLossAndScoresValidationWithout() {
        double eps = 0.1;
        ComputationGraph plain = graph(ours(), DataType.DOUBLE);
        ComputationGraph smooth = graph(smoothed(eps), DataType.DOUBLE);
        smooth.setParams(plain.params().dup());
        INDArray in = input(DataType.DOUBLE);
        INDArray labels = labels(DataType.DOUBLE);
        INDArray mask = mask(DataType.DOUBLE);
        INDArray p = smooth.output(false, new INDArray[]{in}, null, new INDArray[]{mask})[0]; // [mb, V, T]
        double nll = 0;
        double uniform = 0;
        for (int b = 0; b < MB; b++) {
            for (int t = 0; t < STEPS; t++) {
                if (mask.getDouble(b, t) == 0) {
                    continue;
                }
                nll -= Math.log(p.getDouble(b, labels.getInt(b, 0, t), t));
                for (int v = 0; v < VOCAB; v++) {
                    uniform -= Math.log(p.getDouble(b, v, t)) / VOCAB;
                }
            }
        }
        org.nd4j.linalg.dataset.MultiDataSet ds = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{in},
                new INDArray[]{labels}, null, new INDArray[]{mask});
        assertEquals(((1 - eps) * nll + eps * uniform) / MB, smooth.score(ds, true), 1e-10, "training score");
        assertEquals(nll / MB, smooth.score(ds, false), 1e-10, "score outside training: plain cross-entropy");
        assertEquals(plain.score(ds, false), smooth.score(ds, false), 1e-12, "the unsmoothed layer's score");
        smooth.setInputs(in);
        smooth.setLabels(labels);
        smooth.setLayerMaskArrays(null, new INDArray[]{mask});
        smooth.computeGradientAndScore();
        assertEquals(((1 - eps) * nll + eps * uniform) / MB, smooth.score(), 1e-10, "score of the backward pass");
        assertThrows(IllegalArgumentException.class, () -> new SequenceSoftmaxOutput.Builder().labelSmoothing(1.0));
    }

    @Test
    void theFusedFloatLossAndGradientEqualTheGeneralPath() {
        int rows = 37;
        int vocab = 1000;
        INDArray logits = Nd4j.rand(DataType.FLOAT, rows, vocab).muli(20).subi(10);
        int[] labels = new int[rows];
        double[] mask = new double[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = (r * 31) % vocab;
            mask[r] = r % 5 == 0 ? 0 : 1;
        }
        labels[5] = vocab + 3; // a masked row's label is not looked at
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.of(Nd4j.createFromArray(labels).reshape(rows, 1, 1),
                Nd4j.createFromArray(mask).reshape(rows, 1), rows, vocab, "out", 0.1);
        INDArray fused = logits.dup('c');
        double fusedLoss = ce.lossAndGradientInPlace(fused);
        INDArray general = logits.castTo(DataType.DOUBLE);
        double generalLoss = ce.lossInPlace(general);
        ce.toGradientInPlace(general);
        assertEquals(generalLoss, fusedLoss, 1e-5 * generalLoss);
        assertTrue(general.castTo(DataType.FLOAT).equalsWithEps(fused, 1e-6), "the logits' gradients agree");
        assertEquals(0.0, fused.getRow(5).norm1Number().doubleValue(), "a masked row gets no gradient");
    }

    @Test
    void theLossIsStableForExtremeLogits() {
        ComputationGraph g = graph(ours(), DataType.FLOAT);
        g.getLayer("out").getParam("W").muli(1e4); // logits in the tens of thousands
        INDArray in = input(DataType.FLOAT);
        g.setInputs(in);
        g.setLabels(labels(DataType.FLOAT));
        g.setLayerMaskArrays(null, new INDArray[]{mask(DataType.FLOAT)});
        g.computeGradientAndScore();
        assertTrue(Double.isFinite(g.score()) && g.score() > 0, "finite score: " + g.score());
        assertTrue(Double.isFinite(g.gradient().gradient().sumNumber().doubleValue()), "finite gradients");
    }

    @Test
    void aLabelOutsideTheVocabularyIsAClearError() {
        ComputationGraph g = graph(ours(), DataType.FLOAT);
        INDArray labels = labels(DataType.FLOAT);
        labels.putScalar(new int[]{1, 0, 2}, VOCAB);
        g.setInputs(input(DataType.FLOAT));
        g.setLabels(labels);
        g.setLayerMaskArrays(null, new INDArray[]{mask(DataType.FLOAT)});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, g::computeGradientAndScore);
        assertTrue(e.getMessage().contains("label 7 at row 7 is outside the vocabulary [0, 7)"), e.getMessage());
    }

    @Test
    void itsConfigurationAndWeightsRoundTripThroughDl4jsSerializer() throws Exception {
        ComputationGraph g = graph(smoothed(0.1), DataType.FLOAT);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        assertEquals(g.getConfiguration(), back);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertTrue(restored.getLayer("out") instanceof SequenceSoftmaxOutputLayer);
        assertEquals(0.1, ((SequenceSoftmaxOutput) restored.getLayer("out").conf().getLayer()).getLabelSmoothing());
        assertEquals(g.params(), restored.params());
        INDArray in = input(DataType.FLOAT);
        assertEquals(g.outputSingle(in), restored.outputSingle(in));
    }

    private static void assertArrayEquals3d(INDArray expected, INDArray actual, double tol, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= tol, what + ": max difference " + diff);
    }
}
