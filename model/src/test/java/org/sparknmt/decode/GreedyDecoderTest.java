package org.sparknmt.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparknmt.decode.TableScorer.A;
import static org.sparknmt.decode.TableScorer.B;
import static org.sparknmt.decode.TableScorer.C;
import static org.sparknmt.decode.TableScorer.D;
import static org.sparknmt.decode.TableScorer.UNK;
import static org.sparknmt.decode.TableScorer.lp;

import java.util.List;

import org.junit.jupiter.api.Test;

class GreedyDecoderTest {
    private final Decoder greedy = new GreedyDecoder();

    private static Hypothesis finished(double logProb, int... tokens) {
        return new Hypothesis(tokens, logProb, logProb, true);
    }

    @Test
    void followsArgmaxAndStopsAtEos() {
        TableScorer scorer = new TableScorer(1, new TableBuilder()
                .on("", "A .5 B .3 EOS .2")
                .on("A", "C .6 D .4")
                .on("A C", "EOS .7 D .3")
                .build());
        List<List<Hypothesis>> out = greedy.decode(scorer, new int[] {3}, DecodeOptions.greedy());
        assertEquals(List.of(List.of(finished(0.0 + lp(.5) + lp(.6) + lp(.7), A, C))), out);
        assertEquals(3, scorer.calls().size());
        assertEquals(List.of(), scorer.selects());
    }

    @Test
    void neverProposesPadOrBosButDoesProposeUnk() {
        TableScorer scorer = new TableScorer(2, TableScorer.perSource(
                new TableBuilder().on("", "PAD .4 BOS .3 A .2 EOS .1").on("A", "EOS 1").build(),
                new TableBuilder().on("", "UNK .6 A .4").on("UNK", "EOS 1").build()));
        List<List<Hypothesis>> out = greedy.decode(scorer, new int[] {2, 2}, DecodeOptions.greedy());
        assertEquals(List.of(
                List.of(finished(0.0 + lp(.2) + lp(1), A)),
                List.of(finished(0.0 + lp(.6) + lp(1), UNK))), out);
    }

    @Test
    void stopsAtMaxLengthUnfinishedAndScoresWithThePenalty() {
        TableScorer scorer = new TableScorer(1, new TableBuilder().otherwise("A .9 EOS .1").build());
        DecodeOptions options = DecodeOptions.greedy().withMaxLength(1.0, 2).withLengthPenalty(1.0);
        assertEquals(3, options.maxLength(1));
        List<List<Hypothesis>> out = greedy.decode(scorer, new int[] {1}, options);
        double logProb = 0.0 + lp(.9) + lp(.9) + lp(.9);
        double score = logProb / (Math.pow(5.0 + 3, 1.0) / Math.pow(6.0, 1.0));
        assertEquals(List.of(List.of(new Hypothesis(new int[] {A, A, A}, logProb, score, false))), out);
        assertEquals(3, scorer.calls().size());
    }

    @Test
    void batchDropsEachSentenceAtItsOwnEos() {
        TableScorer scorer = new TableScorer(3, TableScorer.perSource(
                new TableBuilder().on("", "A .9").on("A", "EOS .8").build(),
                new TableBuilder().on("", "B .7").on("B", "C .6").on("B C", "D .5").on("B C D", "EOS .9").build(),
                new TableBuilder().on("", "EOS .6 A .4").build()));
        List<List<Hypothesis>> out = greedy.decode(scorer, new int[] {4, 4, 4}, DecodeOptions.greedy());
        assertEquals(List.of(
                List.of(finished(0.0 + lp(.9) + lp(.8), A)),
                List.of(finished(0.0 + lp(.7) + lp(.6) + lp(.5) + lp(.9), B, C, D)),
                List.of(finished(0.0 + lp(.6)))), out);
        // The stub fails if a finished row is ever stepped; here is the exact shrinking schedule.
        assertEquals(4, scorer.calls().size());
        assertArrayEquals(new int[] {0, 1, 2}, scorer.calls().get(0));
        assertArrayEquals(new int[] {0, 1}, scorer.calls().get(1));
        assertArrayEquals(new int[] {1}, scorer.calls().get(2));
        assertArrayEquals(new int[] {1}, scorer.calls().get(3));
        assertEquals(2, scorer.selects().size());
        assertArrayEquals(new int[] {0, 1}, scorer.selects().get(0));
        assertArrayEquals(new int[] {1}, scorer.selects().get(1));
    }

    @Test
    void tiesGoToTheLowerTokenId() {
        TableScorer.Table table = new TableBuilder().on("", "B .4 A .4 EOS .2").on("A", "D .5 C .5").otherwise(
                "EOS 1").build();
        for (int run = 0; run < 2; run++) {
            List<List<Hypothesis>> out = greedy.decode(new TableScorer(1, table), new int[] {3},
                    DecodeOptions.greedy());
            assertEquals(List.of(List.of(finished(0.0 + lp(.4) + lp(.5) + lp(1), A, C))), out);
        }
    }

    @Test
    void zeroSourcesGiveNoResultsAndNeverTouchTheScorer() {
        TableScorer scorer = new TableScorer(0, new TableBuilder().build());
        assertEquals(List.of(), greedy.decode(scorer, new int[0], DecodeOptions.greedy()));
        assertTrue(scorer.calls().isEmpty());
        assertTrue(scorer.selects().isEmpty());
    }

    @Test
    void rejectsNegativeSourceLength() {
        TableScorer scorer = new TableScorer(2, new TableBuilder().otherwise("EOS 1").build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> greedy.decode(scorer, new int[] {2, -1}, DecodeOptions.greedy()));
        assertEquals("sourceLength must be >= 0, got -1", e.getMessage());
        assertTrue(scorer.calls().isEmpty());
    }
}
