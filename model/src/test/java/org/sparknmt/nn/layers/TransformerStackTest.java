package org.sparknmt.nn.layers;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TransformerStack} encoder and decoder against finite differences (with padded sources and targets, through
 * embeddings so the stacks' input gradients are checked too; and with the decoder's embeddings tied to the output), padding invariance, causality, dropout only in training
 * and the configuration's round trip through the network's JSON and a saved model.
 */
class TransformerStackTest {
    private static final int D = 8;
    private static final int HEADS = 2;
    private static final int FF = 12;
    private static final int VOCAB = 7;

    /** src ids → embedding → encoder; tgt ids → embedding → decoder(·, encoder) → softmax over 7. */
    static ComputationGraph graph(DataType type, int layers, double dropout) {
        return graph(type, layers, dropout, false);
    }

    /** With {@code tied}, the decoder reads the target ids and looks them up in the output layer's weights. */
    static ComputationGraph graph(DataType type, int layers, double dropout, boolean tied) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(11).dataType(type)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("src", "tgt");
        g.addLayer("srcEmb", new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(D).hasBias(false).build(), "src");
        g.addVertex("enc", new TransformerStack(layers, D, HEADS, FF, dropout, false), "srcEmb");
        TransformerStack decoder = new TransformerStack(layers, D, HEADS, FF, dropout, true);
        if (tied) {
            g.addVertex("dec", decoder.tiedTo("out"), "tgt", "enc");
        } else {
            g.addLayer("tgtEmb", new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(D).hasBias(false).build(), "tgt");
            g.addVertex("dec", decoder, "tgtEmb", "enc");
        }
        g.addLayer("out", new SequenceSoftmaxOutput.Builder().nIn(D).nOut(VOCAB).build(), "dec");
        ComputationGraph net = new ComputationGraph(g.setOutputs("out").build());
        net.init();
        return net;
    }

    private static INDArray ids(DataType type, long seed, int mb, int steps) {
        return Sequences.labels(type, seed, mb, steps, VOCAB);
    }

    @ParameterizedTest(name = "tied embeddings: {0}")
    @ValueSource(booleans = {false, true})
    void gradientsEqualFiniteDifferencesWithPaddedSourcesAndTargets(boolean tied) {
        Sequences.inDoublePrecision(() -> {
            ComputationGraph g = graph(DataType.DOUBLE, 2, 0.0, tied);
            INDArray srcMask = Sequences.mask(DataType.DOUBLE, 5, 5, 3, 1);
            INDArray tgtMask = Sequences.mask(DataType.DOUBLE, 4, 2, 4, 3);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[]{ids(DataType.DOUBLE, 1, 3, 5), ids(DataType.DOUBLE, 2, 3, 4)})
                    .labels(new INDArray[]{ids(DataType.DOUBLE, 3, 3, 4)})
                    .inputMask(new INDArray[]{srcMask, tgtMask}).labelMask(new INDArray[]{tgtMask})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-8));
            assertTrue(ok, "every parameter gradient, embeddings (the stacks' input gradients) included; tied " + tied);
        });
    }

    /**
     * DL4J's gradient check runs without dropout; here the masks are held fixed (the random generator reseeded before
     * every pass) so that the dropout's backward pass (embeddings, attention weights, residual branches, the
     * feed-forward's inner activation) is checked against finite differences too.
     */
    @Test
    void withDropoutTheGradientsEqualFiniteDifferencesUnderTheSameMasks() {
        Sequences.inDoublePrecision(() -> {
            ComputationGraph g = graph(DataType.DOUBLE, 2, 0.3);
            INDArray srcMask = Sequences.mask(DataType.DOUBLE, 5, 5, 3, 1);
            INDArray tgtMask = Sequences.mask(DataType.DOUBLE, 4, 2, 4, 3);
            g.setInputs(ids(DataType.DOUBLE, 1, 3, 5), ids(DataType.DOUBLE, 2, 3, 4));
            g.setLabels(ids(DataType.DOUBLE, 3, 3, 4));
            g.setLayerMaskArrays(new INDArray[]{srcMask, tgtMask}, new INDArray[]{tgtMask});
            Nd4j.getRandom().setSeed(5);
            g.computeGradientAndScore();
            INDArray analytic = g.gradient().gradient().dup();
            INDArray params = g.params();
            double eps = 1e-6;
            int checked = 0;
            int wrong = 0;
            for (long i = 0; i < params.length(); i += 7) {
                double old = params.getDouble(i);
                params.putScalar(i, old + eps);
                Nd4j.getRandom().setSeed(5);
                g.computeGradientAndScore();
                double plus = g.score();
                params.putScalar(i, old - eps);
                Nd4j.getRandom().setSeed(5);
                g.computeGradientAndScore();
                double minus = g.score();
                params.putScalar(i, old);
                double numeric = 3 * (plus - minus) / (2 * eps); // the score is per sequence of the 3, the gradient summed
                double a = analytic.getDouble(i);
                double error = Math.abs(a - numeric) / Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
                if (error > 1e-5 && Math.abs(a - numeric) > 1e-8) {
                    wrong++;
                }
                checked++;
            }
            assertEquals(0, wrong, wrong + " of " + checked + " parameters' gradients differ from finite differences");
            Nd4j.getRandom().setSeed(6);
            g.computeGradientAndScore();
            assertFalse(analytic.equalsWithEps(g.gradient().gradient(), 1e-9), "other masks give other gradients");
        });
    }

    @Test
    void theFloatLayerNormEqualsTheDoublePrecisionOneForwardAndBackward() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 37, 100).muli(6).subi(2);
        INDArray gain = Nd4j.rand(DataType.DOUBLE, 1, 100).addi(0.5);
        INDArray bias = Nd4j.rand(DataType.DOUBLE, 1, 100);
        INDArray dy = Nd4j.rand(DataType.DOUBLE, 37, 100).subi(0.5);
        INDArray[] outputs = new INDArray[6];
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            TransformerOps.Norm[] saved = new TransformerOps.Norm[1];
            INDArray y = TransformerOps.layerNorm(x.castTo(type), gain.castTo(type), bias.castTo(type), saved);
            INDArray dGain = Nd4j.create(type, 1, 100);
            INDArray dBias = Nd4j.create(type, 1, 100);
            INDArray dx = TransformerOps.layerNormBackward(dy.castTo(type), saved[0], gain.castTo(type), dGain, dBias);
            int at = type == DataType.DOUBLE ? 0 : 3;
            outputs[at] = y.castTo(DataType.DOUBLE);
            outputs[at + 1] = dx.castTo(DataType.DOUBLE);
            outputs[at + 2] = Nd4j.concat(1, dGain, dBias).castTo(DataType.DOUBLE);
        }
        assertTrue(outputs[0].equalsWithEps(outputs[3], 1e-5), "outputs");
        assertTrue(outputs[1].equalsWithEps(outputs[4], 1e-4), "input gradients");
        assertTrue(outputs[2].equalsWithEps(outputs[5], 1e-4), "gain and bias gradients");
    }

    /**
     * A gradient check cannot see a parameter the pass never reads (its numerical and analytic gradients are both
     * 0): the query/key/value biases went unused that way, a misspelt key looked up as null. Here every parameter
     * array of both stacks must move the output when it is changed, including in the incremental scorer's use.
     */
    @Test
    void everyParameterOfBothStacksMovesTheOutput() {
        ComputationGraph g = graph(DataType.DOUBLE, 2, 0.0);
        INDArray[] in = {ids(DataType.DOUBLE, 12, 2, 5), ids(DataType.DOUBLE, 13, 2, 4)};
        INDArray[] masks = {Sequences.mask(DataType.DOUBLE, 5, 5, 3), Sequences.mask(DataType.DOUBLE, 4, 4, 2)};
        INDArray before = g.output(false, in, masks)[0].dup();
        List<String> inert = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
            if (!e.getKey().startsWith("enc_") && !e.getKey().startsWith("dec_")) {
                continue;
            }
            INDArray p = e.getValue();
            INDArray saved = p.dup();
            p.addi(Nd4j.rand(DataType.DOUBLE, p.shape()).subi(0.5));
            if (g.output(false, in, masks)[0].equalsWithEps(before, 1e-12)) {
                inert.add(e.getKey());
            }
            p.assign(saved);
        }
        assertEquals(List.of(), inert, "parameters the forward pass never reads");
        assertTrue(g.output(false, in, masks)[0].equalsWithEps(before, 0.0), "restored");
    }

    @Test
    void aSentenceGetsTheSameOutputAloneAndPaddedInABatch() {
        ComputationGraph g = graph(DataType.FLOAT, 2, 0.1);
        INDArray src = ids(DataType.FLOAT, 4, 2, 6);
        INDArray tgt = ids(DataType.FLOAT, 5, 2, 5);
        INDArray batch = g.output(false, new INDArray[]{src, tgt}, new INDArray[]{Sequences.mask(DataType.FLOAT, 6, 6, 3),
                Sequences.mask(DataType.FLOAT, 5, 5, 2)})[0];
        INDArray alone = g.output(false, new INDArray[]{
                        src.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).dup(),
                        tgt.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).dup()},
                new INDArray[]{Nd4j.ones(DataType.FLOAT, 1, 3), Nd4j.ones(DataType.FLOAT, 1, 2)})[0];
        INDArray padded = batch.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.interval(0, 2));
        assertTrue(alone.equalsWithEps(padded, 1e-5), "alone " + alone + " padded " + padded);
    }

    @Test
    void aTargetPositionSeesNoLaterTarget() {
        ComputationGraph g = graph(DataType.FLOAT, 2, 0.0);
        INDArray src = ids(DataType.FLOAT, 6, 1, 4);
        INDArray tgt = ids(DataType.FLOAT, 7, 1, 5);
        INDArray changed = tgt.dup();
        changed.putScalar(new int[]{0, 0, 4}, (tgt.getInt(0, 0, 4) + 1) % VOCAB);
        INDArray a = g.outputSingle(src, tgt);
        INDArray b = g.outputSingle(src, changed);
        INDArray before = a.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 4));
        assertTrue(before.equalsWithEps(b.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 4)), 1e-6));
        assertFalse(a.equalsWithEps(b, 1e-6), "the last position reads its own token");
    }

    @Test
    void dropoutActsOnlyInTraining() {
        ComputationGraph g = graph(DataType.FLOAT, 1, 0.3);
        INDArray[] in = {ids(DataType.FLOAT, 8, 2, 4), ids(DataType.FLOAT, 9, 2, 3)};
        assertTrue(g.output(false, in)[0].equalsWithEps(g.output(false, in)[0], 0.0), "inference is deterministic");
        INDArray trained = g.feedForward(in, true).get("out");
        assertFalse(trained.equalsWithEps(g.output(false, in)[0], 1e-4), "training drops units");
    }

    @Test
    void theConfigurationAndParametersSurviveJsonAndASavedModel() throws Exception {
        ComputationGraph g = graph(DataType.FLOAT, 2, 0.1);
        String json = g.getConfiguration().toJson();
        assertEquals(g.getConfiguration(), ComputationGraphConfiguration.fromJson(json));
        ComputationGraphConfiguration clone = g.getConfiguration().clone();
        for (String stack : new String[]{"enc", "dec"}) {
            assertEquals(NeuralNetConfiguration.mapper().writeValueAsString(g.getConfiguration().getVertices().get(stack)),
                    NeuralNetConfiguration.mapper().writeValueAsString(clone.getVertices().get(stack)),
                    "clone keeps every setting of " + stack);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(g, bytes, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        INDArray[] in = {ids(DataType.FLOAT, 10, 2, 4), ids(DataType.FLOAT, 11, 2, 3)};
        assertEquals(g.output(false, in)[0], back.output(false, in)[0]);
    }
}
