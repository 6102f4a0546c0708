package org.sparknmt.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparknmt.decode.TableScorer.A;
import static org.sparknmt.decode.TableScorer.B;
import static org.sparknmt.decode.TableScorer.C;
import static org.sparknmt.decode.TableScorer.D;
import static org.sparknmt.decode.TableScorer.lp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BeamSearchDecoderTest {
    private final Decoder beam = new BeamSearchDecoder();
    private final Decoder greedy = new GreedyDecoder();

    private static DecodeOptions options(int beamSize, int nBest, double alpha) {
        return new DecodeOptions(beamSize, nBest, alpha, 1.5, 5);
    }

    /** The expected GNMT score, written out independently of {@link LengthPenalty}. */
    private static double score(double logProb, int steps, double alpha) {
        return logProb / (Math.pow(5.0 + steps, alpha) / Math.pow(6.0, alpha));
    }

    private static Hypothesis finished(double logProb, double alpha, int... tokens) {
        return new Hypothesis(tokens, logProb, score(logProb, tokens.length + 1, alpha), true);
    }

    /** Greedy takes A (0.6) but then only reaches 0.6 × 0.55; B (0.4) leads to 0.4 × 0.9. */
    private static TableScorer.Table gardenPath() {
        return new TableBuilder()
                .on("", "A .6 B .4")
                .on("A", "C .55 D .45")
                .on("B", "C .9 D .1")
                .on("A C", "EOS 1")
                .on("B C", "EOS 1")
                .build();
    }

    @Test
    void beamFindsTheBestPathGreedyMisses() {
        List<List<Hypothesis>> greedyOut = greedy.decode(new TableScorer(1, gardenPath()), new int[] {2},
                DecodeOptions.greedy());
        assertEquals(List.of(List.of(finished(0.0 + lp(.6) + lp(.55) + lp(1), 0.0, A, C))), greedyOut);

        TableScorer scorer = new TableScorer(1, gardenPath());
        List<List<Hypothesis>> beamOut = beam.decode(scorer, new int[] {2}, DecodeOptions.beam(2));
        assertEquals(List.of(List.of(finished(0.0 + lp(.4) + lp(.9) + lp(1), 0.6, B, C))), beamOut);
        // fan out after step 1, reorder after step 2, stop after step 3 (max length is 8)
        assertEquals(3, scorer.calls().size());
        assertArrayEquals(new int[] {0}, scorer.calls().get(0));
        assertArrayEquals(new int[] {0, 0}, scorer.calls().get(1));
        assertArrayEquals(new int[] {0, 0}, scorer.calls().get(2));
        assertEquals(2, scorer.selects().size());
        assertArrayEquals(new int[] {0, 0}, scorer.selects().get(0));
        assertArrayEquals(new int[] {1, 0}, scorer.selects().get(1));
        assertArrayEquals(new int[] {B, C}, scorer.histories().get(0));
        assertArrayEquals(new int[] {A, C}, scorer.histories().get(1));
    }

    /** Short: [A] with 0.9 × 0.55; long: [A B C] with 0.9 × 0.45 × 0.9 × 0.9. */
    private static TableScorer.Table shortAndLong() {
        return new TableBuilder()
                .on("", "A .9 B .1")
                .on("A", "EOS .55 B .45")
                .on("A B", "C .9")
                .on("A B C", "EOS .9")
                .otherwise("EOS 1")
                .build();
    }

    @Test
    void lengthPenaltyChoosesBetweenShortAndLong() {
        double shortLogProb = 0.0 + lp(.9) + lp(.55);
        double longLogProb = 0.0 + lp(.9) + lp(.45) + lp(.9) + lp(.9);
        assertTrue(shortLogProb > longLogProb);

        List<List<Hypothesis>> off = beam.decode(new TableScorer(1, shortAndLong()), new int[] {4},
                options(2, 2, 0.0));
        assertEquals(List.of(List.of(finished(shortLogProb, 0.0, A), finished(longLogProb, 0.0, A, B, C))), off);

        List<List<Hypothesis>> strong = beam.decode(new TableScorer(1, shortAndLong()), new int[] {4},
                options(2, 2, 3.0));
        assertEquals(List.of(List.of(finished(longLogProb, 3.0, A, B, C), finished(shortLogProb, 3.0, A))), strong);

        assertEquals(List.of(List.of(finished(shortLogProb, 0.0, A))),
                beam.decode(new TableScorer(1, shortAndLong()), new int[] {4}, options(2, 1, 0.0)));
        assertEquals(List.of(List.of(finished(longLogProb, 3.0, A, B, C))),
                beam.decode(new TableScorer(1, shortAndLong()), new int[] {4}, options(2, 1, 3.0)));
    }

    private static TableScorer.Table threeWays() {
        return new TableBuilder()
                .on("", "A .5 B .3 C .2")
                .on("A", "EOS .6 D .4")
                .on("B", "EOS .9 D .1")
                .on("C", "EOS .5 D .5")
                .otherwise("EOS 1")
                .build();
    }

    @ParameterizedTest(name = "alpha {0}")
    @ValueSource(doubles = {0.0, 1.0})
    void nBestIsOrderedByScoreWithExactScores(double alpha) {
        TableScorer scorer = new TableScorer(1, threeWays());
        List<List<Hypothesis>> out = beam.decode(scorer, new int[] {3}, options(3, 3, alpha));
        assertEquals(List.of(List.of(
                finished(0.0 + lp(.5) + lp(.6), alpha, A),
                finished(0.0 + lp(.3) + lp(.9), alpha, B),
                finished(0.0 + lp(.5) + lp(.4) + lp(1), alpha, A, D))), out);
        List<Hypothesis> list = out.get(0);
        assertTrue(list.get(0).score() > list.get(1).score() && list.get(1).score() > list.get(2).score());
        // step 1 fans one row out to three distinct hypotheses, step 2 keeps [A D, C D, B D]
        assertEquals(3, scorer.calls().size());
        assertArrayEquals(new int[] {0}, scorer.calls().get(0));
        assertArrayEquals(new int[] {0, 0, 0}, scorer.calls().get(1));
        assertEquals(2, scorer.selects().size());
        assertArrayEquals(new int[] {0, 0, 0}, scorer.selects().get(0));
        assertArrayEquals(new int[] {0, 2, 1}, scorer.selects().get(1));
        List<int[]> histories = scorer.histories();
        assertArrayEquals(new int[] {A, D}, histories.get(0));
        assertArrayEquals(new int[] {C, D}, histories.get(1));
        assertArrayEquals(new int[] {B, D}, histories.get(2));

        assertEquals(List.of(out.get(0).subList(0, 2)),
                beam.decode(new TableScorer(1, threeWays()), new int[] {3}, options(3, 2, alpha)));
    }

    @Test
    void batchedSentencesFinishIndependently() {
        TableScorer.Table easy = new TableBuilder()
                .on("", "A .9 B .1")
                .on("A", "EOS .95")
                .otherwise("EOS 1")
                .build();
        TableScorer.Table hard = new TableBuilder()
                .on("", "B .6 C .4")
                .on("B", "D .6 EOS .4")
                .on("C", "D .8 EOS .2")
                .on("B D", "EOS .3 A .7")
                .on("C D", "A .95 EOS .05")
                .on("B D A", "EOS .5 C .4")
                .on("C D A", "EOS .9")
                .build();
        TableScorer.Table endless = new TableBuilder().otherwise("A .7 B .3").build();
        DecodeOptions options = new DecodeOptions(2, 1, 0.0, 1.0, 0);
        int[] sourceLengths = {3, 5, 2};

        TableScorer scorer = new TableScorer(3, TableScorer.perSource(easy, hard, endless));
        List<List<Hypothesis>> out = beam.decode(scorer, sourceLengths, options);
        double endlessLogProb = 0.0 + lp(.7) + lp(.7);
        assertEquals(List.of(
                List.of(finished(0.0 + lp(.9) + lp(.95), 0.0, A)),
                List.of(finished(0.0 + lp(.4) + lp(.8) + lp(.95) + lp(.9), 0.0, C, D, A)),
                List.of(new Hypothesis(new int[] {A, A}, endlessLogProb, endlessLogProb, false))), out);

        // easy ends by its stopping rule and endless at its max length (2) after step 2; hard runs to step 4
        assertEquals(4, scorer.calls().size());
        assertArrayEquals(new int[] {0, 1, 2}, scorer.calls().get(0));
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, scorer.calls().get(1));
        assertArrayEquals(new int[] {1, 1}, scorer.calls().get(2));
        assertArrayEquals(new int[] {1, 1}, scorer.calls().get(3));
        assertEquals(3, scorer.selects().size());
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, scorer.selects().get(0));
        assertArrayEquals(new int[] {2, 3}, scorer.selects().get(1));
        assertArrayEquals(new int[] {1, 0}, scorer.selects().get(2));
        assertArrayEquals(new int[] {C, D, A}, scorer.histories().get(0));
        assertArrayEquals(new int[] {B, D, A}, scorer.histories().get(1));

        // greedy takes the hard sentence down B D A
        List<List<Hypothesis>> greedyOut = greedy.decode(
                new TableScorer(3, TableScorer.perSource(easy, hard, endless)), sourceLengths, options);
        assertEquals(List.of(finished(0.0 + lp(.6) + lp(.6) + lp(.7) + lp(.5), 0.0, B, D, A)), greedyOut.get(1));
    }

    /** All four two-token paths tie; the tie goes to the lower token (C), then to the lower parent (A before B). */
    private static TableScorer.Table ties() {
        return new TableBuilder()
                .on("", "A .5 B .5")
                .on("A", "C .5 D .5")
                .on("B", "C .5 D .5")
                .otherwise("EOS 1")
                .build();
    }

    @Test
    void tiesGoToTheLowerTokenThenTheLowerParentPosition() {
        double logProb = 0.0 + lp(.5) + lp(.5) + lp(1);
        List<List<Hypothesis>> expected = List.of(List.of(finished(logProb, 0.0, A, C), finished(logProb, 0.0, B, C)));
        for (int run = 0; run < 2; run++) {
            TableScorer scorer = new TableScorer(1, ties());
            assertEquals(expected, beam.decode(scorer, new int[] {2}, options(2, 2, 0.0)));
            // after step 2 the parents are [0, 1], the identity, so select is skipped
            assertEquals(1, scorer.selects().size());
            assertArrayEquals(new int[] {0, 0}, scorer.selects().get(0));
            assertArrayEquals(new int[] {A, C}, scorer.histories().get(0));
            assertArrayEquals(new int[] {B, C}, scorer.histories().get(1));
        }
    }

    @Test
    void neverProposesPadOrBos() {
        TableScorer.Table table = new TableBuilder()
                .on("", "PAD .4 BOS .3 A .2 EOS .1")
                .on("A", "EOS 1")
                .otherwise("EOS 1")
                .build();
        List<List<Hypothesis>> out = beam.decode(new TableScorer(1, table), new int[] {2}, options(2, 2, 0.0));
        assertEquals(List.of(List.of(finished(0.0 + lp(.2) + lp(1), 0.0, A), finished(0.0 + lp(.1), 0.0))), out);
    }

    @Test
    void maxLengthOneTakesASingleStep() {
        TableScorer scorer = new TableScorer(1, new TableBuilder().on("", "A .6 EOS .3 B .1").build());
        List<List<Hypothesis>> out = beam.decode(scorer, new int[] {1}, new DecodeOptions(2, 2, 0.0, 0.5, 0));
        assertEquals(List.of(List.of(
                new Hypothesis(new int[] {A}, lp(.6), lp(.6), false),
                finished(0.0 + lp(.3), 0.0))), out);
        assertEquals(1, scorer.calls().size());
        assertTrue(scorer.selects().isEmpty());
        assertFalse(out.get(0).get(0).finished());
    }

    @Test
    void zeroSourcesGiveNoResultsAndNeverTouchTheScorer() {
        TableScorer scorer = new TableScorer(0, new TableBuilder().build());
        assertEquals(List.of(), beam.decode(scorer, new int[0], DecodeOptions.beam(4)));
        assertTrue(scorer.calls().isEmpty());
        assertTrue(scorer.selects().isEmpty());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void beamOfOneEqualsGreedy(long seed) {
        RandomTable table = new RandomTable(seed, 10);
        int[] sourceLengths = {1, 3, 5, 2, 0};
        DecodeOptions options = options(1, 1, 0.0);
        TableScorer greedyScorer = new TableScorer(10, sourceLengths.length, table);
        TableScorer beamScorer = new TableScorer(10, sourceLengths.length, table);
        List<List<Hypothesis>> expected = greedy.decode(greedyScorer, sourceLengths, options);
        assertEquals(expected, beam.decode(beamScorer, sourceLengths, options));
        assertEquals(render(greedyScorer.calls()), render(beamScorer.calls()));
        assertEquals(render(greedyScorer.selects()), render(beamScorer.selects()));
    }

    static Stream<Arguments> searches() {
        List<Arguments> out = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            for (int k : new int[] {2, 3, 5}) {
                for (int nBest : new int[] {1, k}) {
                    for (double alpha : new double[] {0.0, 0.6, 2.0}) {
                        out.add(Arguments.of(seed, k, nBest, alpha));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "seed {0}, beam {1}, nBest {2}, alpha {3}")
    @MethodSource("searches")
    void matchesTheSlowReferenceThatNeverStopsEarly(long seed, int beamSize, int nBest, double alpha) {
        RandomTable table = new RandomTable(seed, 10);
        int[] sourceLengths = {0, 2, 4, 7};
        DecodeOptions options = options(beamSize, nBest, alpha);
        List<List<Hypothesis>> out = beam.decode(new TableScorer(10, sourceLengths.length, table), sourceLengths,
                options);
        assertEquals(sourceLengths.length, out.size());
        for (int s = 0; s < sourceLengths.length; s++) {
            List<Hypothesis> expected = ReferenceBeamSearch.search(table, s, 10, options,
                    options.maxLength(sourceLengths[s]));
            assertEquals(nBest, expected.size());
            assertEquals(expected, out.get(s), "source " + s);
        }
    }

    private static List<List<Integer>> render(List<int[]> arrays) {
        List<List<Integer>> out = new ArrayList<>();
        for (int[] a : arrays) {
            out.add(Arrays.stream(a).boxed().toList());
        }
        return out;
    }
}
