package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparknmt.batch.BatchBuilder;
import org.sparknmt.batch.EncodedPair;
import org.sparknmt.decode.BeamSearchDecoder;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.decode.GreedyDecoder;
import org.sparknmt.decode.Hypothesis;
import org.sparknmt.vocab.Specials;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole model stack learns: the toy reverse task (lengths 3–15, 16 symbols) trained for a bounded number of
 * steps inside the test. The attention model must reverse held-out sequences exactly; the no-attention variant,
 * trained the same way, is reported and must do worse. On the trained model: beam search never scores below
 * greedy, and the incremental decoder equals re-running DL4J's full graph on the whole prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReverseTaskTest {
    static final int BATCH = 64;
    static final int STEPS = 900;

    private ModelConfig config;
    private ComputationGraph graph;
    private final List<EncodedPair> heldOut = ReverseTask.pairs(300, 99);

    static ModelConfig toyConfig(boolean attention) {
        return ModelConfig.defaults().set("embedding=32").set("hidden=64").set("attentionSize=64")
                .set("learningRate=0.01").set("decayRate=0.998").set("bidirectional=true")
                .set("attention=" + attention).bind(ModelConfig.class);
    }

    static ComputationGraph train(ModelConfig config, int steps) {
        ComputationGraph graph = Seq2SeqNetwork.build(config, ReverseTask.VOCAB, ReverseTask.VOCAB);
        List<EncodedPair> data = ReverseTask.pairs(steps * BATCH, 1);
        BatchBuilder builder = new BatchBuilder();
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            graph.fit(builder.build(data.subList(s * BATCH, (s + 1) * BATCH)));
        }
        System.out.printf("reverse task (attention=%s): %d steps in %.1f s, final loss %.4f%n", config.attention(),
                steps, (System.nanoTime() - t0) / 1e9, graph.score());
        return graph;
    }

    static EncodedSources sources(List<EncodedPair> pairs) {
        List<int[]> s = new ArrayList<>();
        pairs.forEach(p -> s.add(p.source()));
        return EncodedSources.of(s, DataType.FLOAT);
    }

    static int[] lengths(List<EncodedPair> pairs) {
        return pairs.stream().mapToInt(EncodedPair::sourceLength).toArray();
    }

    static double exactMatch(ComputationGraph graph, ModelConfig config, List<EncodedPair> test) {
        List<List<Hypothesis>> out = new GreedyDecoder().decode(new IncrementalScorer(graph, config, sources(test)),
                lengths(test), DecodeOptions.greedy());
        int ok = 0;
        for (int i = 0; i < test.size(); i++) {
            ok += Arrays.equals(out.get(i).get(0).tokens(), test.get(i).target()) ? 1 : 0;
        }
        return ok / (double) test.size();
    }

    @BeforeAll
    void trainAttentionModel() {
        config = toyConfig(true);
        graph = train(config, STEPS);
    }

    @Test
    void attentionModelReversesHeldOutSequencesAndBeatsNoAttention() {
        double attention = exactMatch(graph, config, heldOut);
        ModelConfig plain = toyConfig(false);
        double noAttention = exactMatch(train(plain, STEPS), plain, heldOut);
        System.out.printf("reverse task exact match (greedy, 300 held-out): attention %.3f, no attention %.3f%n",
                attention, noAttention);
        assertTrue(attention >= 0.95, "attention exact match " + attention);
        assertTrue(noAttention < attention, "attention must matter: " + noAttention + " vs " + attention);
    }

    @Test
    void beamNeverScoresBelowGreedy() {
        List<EncodedPair> test = heldOut.subList(0, 100);
        DecodeOptions beamOptions = DecodeOptions.beam(4).withLengthPenalty(0.0);
        List<List<Hypothesis>> greedy = new GreedyDecoder().decode(new IncrementalScorer(graph, config, sources(test)),
                lengths(test), DecodeOptions.greedy());
        List<List<Hypothesis>> beam = new BeamSearchDecoder().decode(new IncrementalScorer(graph, config, sources(test)),
                lengths(test), beamOptions);
        for (int i = 0; i < test.size(); i++) {
            double g = greedy.get(i).get(0).logProb();
            double b = beam.get(i).get(0).logProb();
            assertTrue(b >= g - 1e-5, "sentence " + i + ": beam " + b + " < greedy " + g);
        }
    }

    @Test
    void incrementalDecodingEqualsRerunningTheFullPrefix() {
        List<EncodedPair> test = heldOut.subList(0, 24);
        EncodedSources enc = sources(test);
        IncrementalScorer fast = new IncrementalScorer(graph, config, enc);
        FullPrefixScorer slow = new FullPrefixScorer(graph, enc, ReverseTask.VOCAB);
        int[] last = new int[test.size()];
        Arrays.fill(last, Specials.BOS_ID);
        for (int step = 0; step < 12; step++) {
            float[] a = fast.logProbs(last);
            float[] b = slow.logProbs(last);
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 2e-4, "step " + step + " element " + i);
            }
            for (int r = 0; r < last.length; r++) {
                last[r] = 4 + (step * 7 + r) % ReverseTask.SYMBOLS; // any fixed prefix, not only the argmax
            }
        }
        int[] rows = {3, 3, 0, 7}; // fan-out and drop rows, as beam search does
        fast.select(rows);
        slow.select(rows);
        int[] next = {5, 6, 7, 8};
        float[] a = fast.logProbs(next);
        float[] b = slow.logProbs(next);
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 2e-4, "after select, element " + i);
        }
        List<List<Hypothesis>> x = new GreedyDecoder().decode(new IncrementalScorer(graph, config, enc), lengths(test),
                DecodeOptions.greedy());
        List<List<Hypothesis>> y = new GreedyDecoder().decode(new FullPrefixScorer(graph, enc, ReverseTask.VOCAB),
                lengths(test), DecodeOptions.greedy());
        for (int i = 0; i < test.size(); i++) {
            assertArrayEquals(y.get(i).get(0).tokens(), x.get(i).get(0).tokens(), "sentence " + i);
        }
    }
}
