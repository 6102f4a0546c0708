package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparknmt.config.ConfigException;
import org.sparknmt.vocab.Specials;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incremental step equals DL4J's full forward pass for every architecture the builder makes (stacked layers,
 * attention on/off, bidirectional encoder, double precision), with sources of different lengths in one batch.
 */
class IncrementalScorerTest {

    @ParameterizedTest(name = "layers={0} attention={1} bidirectional={2} dataType={3}")
    @CsvSource({"1,true,false,float", "2,true,false,float", "1,false,true,float", "2,false,true,float",
            "2,true,true,float", "1,true,false,double"})
    void stepEqualsFullGraphForEveryArchitecture(int layers, boolean attention, boolean bidirectional, String dataType) {
        ModelConfig config = ModelConfig.defaults().set("embedding=16").set("hidden=24").set("attentionSize=20")
                .set("layers=" + layers).set("attention=" + attention).set("bidirectional=" + bidirectional)
                .set("dataType=" + dataType).set("seed=" + (layers * 10 + (attention ? 1 : 0)))
                .bind(ModelConfig.class);
        int vocab = 30;
        ComputationGraph graph = Seq2SeqNetwork.build(config, vocab, vocab);
        List<int[]> sources = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            int[] s = new int[1 + (i * 5) % 11];
            for (int j = 0; j < s.length; j++) {
                s[j] = 4 + (i * 3 + j * 7) % (vocab - 4);
            }
            sources.add(s);
        }
        EncodedSources enc = EncodedSources.of(sources, config.dataType().nd4j());
        IncrementalScorer fast = new IncrementalScorer(graph, config, enc);
        FullPrefixScorer slow = new FullPrefixScorer(graph, enc, vocab);
        int[] last = new int[sources.size()];
        Arrays.fill(last, Specials.BOS_ID);
        for (int step = 0; step < 6; step++) {
            float[] a = fast.logProbs(last);
            float[] b = slow.logProbs(last);
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 1e-4, "step " + step + " element " + i);
            }
            for (int r = 0; r < last.length; r++) {
                last[r] = 4 + (step + 2 * r) % (vocab - 4);
            }
        }
        double total = 0;
        float[] a = fast.logProbs(last);
        for (int k = 0; k < vocab; k++) {
            total += Math.exp(a[k]);
        }
        assertEquals(1.0, total, 1e-4, "each row is a distribution");
    }

    @Test
    void theKernelStepEqualsTheStepItReplacedThroughSelects() {
        ModelConfig config = ModelConfig.defaults().set("embedding=16").set("hidden=24").set("attentionSize=20")
                .set("layers=2").bind(ModelConfig.class);
        ComputationGraph graph = Seq2SeqNetwork.build(config, 30, 30);
        List<int[]> sources = List.of(new int[]{5, 6, 7}, new int[]{8}, new int[]{9, 10, 11, 12, 13, 14});
        EncodedSources enc = EncodedSources.of(sources, DataType.FLOAT);
        IncrementalScorer now = new IncrementalScorer(graph, config, enc);
        LegacyIncrementalScorer before = new LegacyIncrementalScorer(graph, config, enc);
        int[] last = {Specials.BOS_ID, Specials.BOS_ID, Specials.BOS_ID};
        for (int step = 0; step < 5; step++) {
            float[] a = now.logProbs(last).clone();
            float[] b = before.logProbs(last);
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 1e-5, "step " + step + " element " + i);
            }
            int[] rows = step % 2 == 0 ? new int[]{2, 0, 0, 1} : new int[]{1, 3, 2};
            now.select(rows);
            before.select(rows);
            last = new int[rows.length];
            for (int r = 0; r < rows.length; r++) {
                last[r] = 4 + (step * 3 + r) % 26;
            }
        }
    }

    /**
     * With candidates (a shortlist's), each row holds the full distribution renormalised over the candidates and
     * -Infinity elsewhere, through selects as well.
     */
    @Test
    void candidatesGetTheFullLogProbsRenormalisedAndTheRestNothing() {
        ModelConfig config = ModelConfig.defaults().set("embedding=16").set("hidden=24").set("attentionSize=20")
                .set("layers=2").bind(ModelConfig.class);
        int vocab = 30;
        ComputationGraph graph = Seq2SeqNetwork.build(config, vocab, vocab);
        EncodedSources enc = EncodedSources.of(List.of(new int[]{5, 6, 7}, new int[]{8}), DataType.FLOAT);
        int[] candidates = {1, 3, 4, 9, 17, 29};
        IncrementalScorer.Weights weights = IncrementalScorer.prepare(graph, config);
        IncrementalScorer full = new IncrementalScorer(weights, graph, config, enc);
        IncrementalScorer shortlisted = new IncrementalScorer(weights, graph, config, enc, candidates);
        int[] last = {Specials.BOS_ID, Specials.BOS_ID};
        for (int step = 0; step < 4; step++) {
            float[] all = full.logProbs(last).clone();
            float[] some = shortlisted.logProbs(last);
            for (int r = 0; r < last.length; r++) {
                double norm = 0;
                for (int t : candidates) {
                    norm += Math.exp(all[r * vocab + t]);
                }
                for (int t = 0; t < vocab; t++) {
                    boolean candidate = Arrays.binarySearch(candidates, t) >= 0;
                    float expected = candidate ? (float) (all[r * vocab + t] - Math.log(norm)) : Float.NEGATIVE_INFINITY;
                    assertEquals(expected, some[r * vocab + t], 1e-5, "step " + step + " row " + r + " token " + t);
                }
            }
            int[] rows = new int[][]{{0, 1, 1}, {2, 0}, {1, 1, 0}, {0}}[step];
            full.select(rows);
            shortlisted.select(rows);
            last = new int[rows.length];
            for (int r = 0; r < rows.length; r++) {
                last[r] = candidates[(step + r) % candidates.length];
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> new IncrementalScorer(weights, graph, config, enc, new int[]{4, 3}), "not ascending");
        assertThrows(IllegalArgumentException.class,
                () -> new IncrementalScorer(weights, graph, config, enc, new int[]{3, vocab}), "outside the vocabulary");
    }

    @Test
    void configRejectsBadValuesNamingTheKey() {
        ConfigException odd = assertThrows(ConfigException.class, () -> ModelConfig.defaults()
                .set("bidirectional=true").set("hidden=63").bind(ModelConfig.class));
        assertTrue(odd.getMessage().startsWith("hidden: value '63' is not allowed"), odd.getMessage());
        ConfigException drop = assertThrows(ConfigException.class, () -> ModelConfig.defaults()
                .set("dropout=1.5").bind(ModelConfig.class));
        assertTrue(drop.getMessage().startsWith("dropout: value '1.5'"), drop.getMessage());
        ConfigException init = assertThrows(ConfigException.class, () -> ModelConfig.defaults()
                .set("weightInit=sideways").bind(ModelConfig.class));
        assertTrue(init.getMessage().contains("weightInit") && init.getMessage().contains("XAVIER"), init.getMessage());
    }

    @Test
    void warmUpAndDecayShapeTheLearningRate() {
        ModelConfig config = ModelConfig.defaults().set("learningRate=0.01").set("warmupSteps=10")
                .set("decayRate=0.9").bind(ModelConfig.class);
        var graph = Seq2SeqNetwork.build(config, 10, 10);
        var updater = (org.nd4j.linalg.learning.config.Adam)
                ((org.deeplearning4j.nn.conf.layers.BaseLayer) graph.getLayer(Seq2SeqNetwork.OUTPUT).conf().getLayer()).getIUpdater();
        double first = updater.getLearningRate(0, 0);
        double middle = updater.getLearningRate(5, 0);
        double end = updater.getLearningRate(9, 0);
        assertTrue(first < middle && middle < end && end <= 0.01, "warm-up ramps: " + first + " " + middle + " " + end);
        assertEquals(0.01 * Math.pow(0.9, 20), updater.getLearningRate(20, 0), 1e-12, "exponential decay after warm-up");
    }
}
