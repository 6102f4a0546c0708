package org.sparknmt.bundle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.sparknmt.subword.BpeModel;
import org.sparknmt.subword.Merge;
import org.sparknmt.subword.Subwords;
import org.sparknmt.vocab.Vocabulary;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BundleTest {
    private final ComputationGraph network = Fixtures.network(Fixtures.SOURCE_SIZE, Fixtures.TARGET_SIZE);
    private final Vocabulary src = Fixtures.sourceVocab();
    private final Vocabulary tgt = Fixtures.targetVocab();

    private static ComputationGraph graph(ComputationGraphConfiguration.GraphBuilder builder) {
        ComputationGraph g = new ComputationGraph(builder.build());
        g.init();
        return g;
    }

    private static OutputLayer softmax(int nIn, int nOut) {
        return new OutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX).nIn(nIn).nOut(nOut).build();
    }

    @Test
    void holdsWhatItWasGiven() {
        Subwords subwords = Fixtures.perSide();
        Bundle b = new Bundle(network, src, tgt, subwords, "m", "d", Fixtures.STATE, Fixtures.PROVENANCE);
        assertSame(network, b.network());
        assertSame(src, b.sourceVocab());
        assertSame(tgt, b.targetVocab());
        assertSame(subwords, b.subwords());
        assertEquals("m", b.modelConfigYaml());
        assertEquals("d", b.dataConfigYaml());
        assertEquals(Fixtures.STATE, b.state());
        assertEquals(Fixtures.PROVENANCE, b.provenance());
        assertEquals(1, Bundle.FORMAT_VERSION);
    }

    @Test
    void checkShapesComparesTheSourceEmbeddingAndTheOutputLayerWithTheVocabularies() {
        assertDoesNotThrow(() -> Bundle.checkShapes(network, src, tgt));
        IllegalArgumentException source = assertThrows(IllegalArgumentException.class,
                () -> Bundle.checkShapes(network, Fixtures.vocab("s", 7, 0), tgt));
        assertEquals("embedding layer 'srcEmb' (fed by input 'src') has nIn 10 but the source vocabulary has 11 tokens",
                source.getMessage());
        IllegalArgumentException target = assertThrows(IllegalArgumentException.class,
                () -> Bundle.checkShapes(network, src, Fixtures.vocab("t", 5, 0)));
        assertEquals("output layer 'out' has nOut 12 but the target vocabulary has 9 tokens", target.getMessage());
        // the target embedding is fed by the second input: not compared (the output layer stands for the target side)
        assertDoesNotThrow(() -> Bundle.checkShapes(Fixtures.network(Fixtures.SOURCE_SIZE, Fixtures.TARGET_SIZE), src, tgt));
    }

    @Test
    void checkShapesAlsoKnowsThePlainEmbeddingLayer() {
        ComputationGraph g = graph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("ids")
                .addLayer("emb", new EmbeddingLayer.Builder().nIn(10).nOut(4).build(), "ids")
                .addLayer("out", softmax(4, 12), "emb")
                .setOutputs("out"));
        assertDoesNotThrow(() -> Bundle.checkShapes(g, src, tgt));
        assertThrows(IllegalArgumentException.class, () -> Bundle.checkShapes(g, tgt, tgt));
    }

    @Test
    void checkShapesSkipsARuleWhenTheGraphHasNoSuchLayer() {
        ComputationGraph oneHot = graph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("x")
                .addLayer("dense", new DenseLayer.Builder().nIn(3).nOut(4).build(), "x")
                .addLayer("loss", new LossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(), "dense")
                .setOutputs("loss"));
        assertDoesNotThrow(() -> Bundle.checkShapes(oneHot, src, tgt));

        ComputationGraph embeddingOnSecondInput = graph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("x", "ids")
                .addLayer("dense", new DenseLayer.Builder().nIn(3).nOut(4).build(), "x")
                .addLayer("emb", new EmbeddingLayer.Builder().nIn(99).nOut(4).build(), "ids")
                .addVertex("both", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "dense", "emb")
                .addLayer("out", softmax(8, 12), "both")
                .setOutputs("out"));
        assertDoesNotThrow(() -> Bundle.checkShapes(embeddingOnSecondInput, src, tgt));
        assertThrows(IllegalArgumentException.class, () -> Bundle.checkShapes(embeddingOnSecondInput, src, src));
    }

    @Test
    void rejectsANetworkThatDoesNotFitItsVocabularies() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Bundle(network, src,
                Fixtures.vocab("t", 9, 0), Fixtures.perSide(), "", "", Fixtures.STATE, Fixtures.PROVENANCE));
        assertEquals("output layer 'out' has nOut 12 but the target vocabulary has 13 tokens", e.getMessage());
    }

    @Test
    void rejectsAnUninitialisedNetwork() {
        ComputationGraph raw = new ComputationGraph(Fixtures.config(Fixtures.SOURCE_SIZE, Fixtures.TARGET_SIZE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Bundle(raw, src, tgt, Fixtures.perSide(), "", "", Fixtures.STATE, Fixtures.PROVENANCE));
        assertTrue(e.getMessage().startsWith("the network must be initialised"), e.getMessage());
    }

    @Test
    void rejectsJointSubwordsWithTwoDifferentModels() {
        Subwords notJoint = new Subwords(Fixtures.sourceBpe(), Fixtures.targetBpe(), true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Bundle(network, src, tgt, notJoint, "", "", Fixtures.STATE, Fixtures.PROVENANCE));
        assertTrue(e.getMessage().startsWith("subwords are marked joint but the source and target BPE models differ"),
                e.getMessage());
        Subwords equalCopies = new Subwords(new BpeModel(List.of(new Merge("a", "b"))),
                new BpeModel(List.of(new Merge("a", "b"))), true);
        assertDoesNotThrow(() -> new Bundle(network, src, tgt, equalCopies, "", "", Fixtures.STATE, Fixtures.PROVENANCE));
    }

    @Test
    void rejectsNulls() {
        assertThrows(NullPointerException.class,
                () -> new Bundle(network, src, tgt, Fixtures.perSide(), null, "", Fixtures.STATE, Fixtures.PROVENANCE));
        assertThrows(NullPointerException.class,
                () -> new Bundle(network, src, tgt, new Subwords(null, Fixtures.targetBpe(), false), "", "", Fixtures.STATE,
                        Fixtures.PROVENANCE));
    }
}
