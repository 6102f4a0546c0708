package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparknmt.batch.BatchBuilder;
import org.sparknmt.batch.EncodedPair;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.decode.GreedyDecoder;
import org.sparknmt.decode.Hypothesis;
import org.sparknmt.decode.StepScorer;
import org.sparknmt.vocab.Specials;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Transformer's incremental decoding equals re-running DL4J's whole graph on the prefix (through beam-style row
 * selections, and over a candidate list), and the whole Transformer learns the toy reverse task.
 */
class TransformerScorerTest {
    static ModelConfig config(int layers, String dataType) {
        return ModelConfig.defaults().set("architecture=transformer").set("embedding=16").set("hidden=16")
                .set("heads=4").set("feedForward=24").set("layers=" + layers).set("dropout=0.1")
                .set("dataType=" + dataType).set("seed=" + layers).set("tiedEmbeddings=" + dataType.equals("float"))
                .bind(ModelConfig.class);
    }

    private static List<int[]> sources(int vocab) {
        List<int[]> sources = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int[] s = new int[1 + (i * 5) % 9];
            for (int j = 0; j < s.length; j++) {
                s[j] = 4 + (i * 3 + j * 7) % (vocab - 4);
            }
            sources.add(s);
        }
        return sources;
    }

    @Test
    void stepEqualsTheFullGraphThroughSelections() { // float with tied embeddings, double without
        for (String type : new String[]{"float", "double"}) {
            ModelConfig config = config(2, type);
            int vocab = 30;
            ComputationGraph graph = Seq2SeqNetwork.build(config, vocab, vocab);
            EncodedSources enc = EncodedSources.of(sources(vocab), config.dataType().nd4j());
            StepScorer fast = IncrementalScorer.of(IncrementalScorer.prepare(graph, config), graph, config, enc, null);
            FullPrefixScorer slow = new FullPrefixScorer(graph, enc, vocab);
            int[] last = new int[enc.size()];
            Arrays.fill(last, Specials.BOS_ID);
            for (int step = 0; step < 20; step++) { // past the caches' first 16 steps of room
                float[] a = fast.logProbs(last).clone();
                float[] b = slow.logProbs(last);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(b[i], a[i], 1e-4, type + " step " + step + " element " + i);
                }
                if (step == 2 || step == 17) { // fan out and drop rows, as a beam does
                    int[] rows = step == 2 ? new int[]{4, 0, 0, 2, 3, 3, 1} : new int[]{6, 5, 0, 1, 1};
                    fast.select(rows);
                    slow.select(rows);
                    last = new int[rows.length];
                }
                for (int r = 0; r < last.length; r++) {
                    last[r] = 4 + (step + 2 * r) % (vocab - 4);
                }
            }
        }
    }

    @Test
    void candidatesGetTheFullLogProbsRenormalised() {
        ModelConfig config = config(1, "float");
        int vocab = 30;
        ComputationGraph graph = Seq2SeqNetwork.build(config, vocab, vocab);
        EncodedSources enc = EncodedSources.of(sources(vocab), DataType.FLOAT);
        int[] candidates = {Specials.EOS_ID, 5, 9, 17, 29};
        IncrementalScorer.Weights w = IncrementalScorer.prepare(graph, config);
        float[] all = IncrementalScorer.of(w, graph, config, enc, null).logProbs(new int[]{2, 2, 2, 2, 2}).clone();
        float[] some = IncrementalScorer.of(w, graph, config, enc, candidates).logProbs(new int[]{2, 2, 2, 2, 2});
        for (int r = 0; r < enc.size(); r++) {
            double norm = 0;
            for (int c : candidates) {
                norm += Math.exp(all[r * vocab + c]);
            }
            for (int t = 0; t < vocab; t++) {
                int at = t;
                boolean candidate = Arrays.stream(candidates).anyMatch(c -> c == at);
                double expected = candidate ? all[r * vocab + t] - Math.log(norm) : Double.NEGATIVE_INFINITY;
                assertEquals(expected, some[r * vocab + t], 1e-4, "row " + r + " token " + t);
            }
        }
    }

    @Test
    void learnsTheReverseTask() {
        ModelConfig config = ModelConfig.defaults().set("architecture=transformer").set("embedding=64")
                .set("hidden=64").set("heads=4").set("feedForward=128").set("layers=2").set("dropout=0.0")
                .set("learningRate=0.002").set("warmupSteps=100").set("schedule=inverseSqrt").set("adamBeta2=0.98")
                .bind(ModelConfig.class);
        ComputationGraph graph = Seq2SeqNetwork.build(config, ReverseTask.VOCAB, ReverseTask.VOCAB);
        int batch = 64;
        int steps = 500;
        List<EncodedPair> data = ReverseTask.pairs(steps * batch, 1);
        BatchBuilder builder = new BatchBuilder();
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            graph.fit(builder.build(data.subList(s * batch, (s + 1) * batch)));
        }
        List<EncodedPair> test = ReverseTask.pairs(200, 99);
        List<int[]> src = new ArrayList<>();
        test.forEach(p -> src.add(p.source()));
        StepScorer scorer = IncrementalScorer.of(IncrementalScorer.prepare(graph, config), graph, config,
                EncodedSources.of(src, DataType.FLOAT), null);
        List<List<Hypothesis>> out = new GreedyDecoder().decode(scorer,
                test.stream().mapToInt(EncodedPair::sourceLength).toArray(), DecodeOptions.greedy());
        int ok = 0;
        for (int i = 0; i < test.size(); i++) {
            ok += Arrays.equals(out.get(i).get(0).tokens(), test.get(i).target()) ? 1 : 0;
        }
        System.out.printf("transformer reverse task: %d steps in %.1f s, loss %.4f, exact match %.3f%n", steps,
                (System.nanoTime() - t0) / 1e9, graph.score(), ok / (double) test.size());
        assertTrue(ok >= 0.9 * test.size(), "exact match " + ok + " of " + test.size());
    }
}
