package org.sparknmt.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** chrF on hand-computed examples and properties. */
class CorpusChrfTest {
    private static final String SIG = "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:" + Signatures.VERSION;

    private static double chrf(String hyp, String ref) {
        return CorpusChrf.score(List.of(hyp), List.of(ref)).score();
    }

    @Test
    void identicalIs100() {
        assertEquals(100.0, chrf("The cat sat on the mat.", "The cat sat on the mat."), 1e-9);
        assertEquals(100.0, chrf("短い文", "短い文"), 1e-9);
    }

    @Test
    void handComputedSmallExample() {
        // orders 1..3 have n-grams on both sides: P = R = (2/3 + 1/2 + 0/1) / 3 = 7/18, so F2 = 7/18
        ChrfScore s = CorpusChrf.score(List.of("abc"), List.of("abd"));
        assertEquals(100.0 * 7 / 18, s.score(), 1e-9);
        assertEquals("chrF2 = 38.89", s.format());
        assertEquals("chrF2", s.name());
        assertEquals(SIG, s.signature());
    }

    @Test
    void ordersMissingFromTheReferenceDoNotCount() {
        // ref "ab" has no 3-grams: the hypothesis' 3-grams are not counted against it (sacreBLEU's rule)
        // P = (2/4 + 1/3) / 2 = 5/12, R = (2/2 + 1/1) / 2 = 1, F2 = 5PR / (4P + R) = 25/32
        ChrfScore s = CorpusChrf.score(List.of("abcd"), List.of("ab"));
        assertEquals(78.125, s.score(), 1e-9);
        assertArrayEquals(new long[] {4, 2, 2, 3, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                CorpusChrf.stats(List.of("abcd"), List.of("ab"), ChrfOptions.DEFAULT).statistics());
        // sacreBLEU gets 78.12499999999999 and prints 78.12; Python rounds half-even where Java's %.2f would not
        assertEquals("chrF2 = 78.12", s.format());
    }

    @Test
    void whitespaceIsRemovedByDefault() {
        assertEquals(100.0, chrf("a b c", "abc"), 1e-9);
        ChrfScore withSpace = CorpusChrf.score(List.of("a b"), List.of("ab"),
                new ChrfOptions(6, 0, 2, false, true, false));
        // hyp "a b" vs ref "ab": 1-grams P 2/3 R 2/2; 2-grams P 0/2 R 0/1; so P = 1/3, R = 1/2
        assertEquals(100.0 * 5 * (1.0 / 3) * 0.5 / (4.0 / 3 + 0.5), withSpace.score(), 1e-9);
        assertTrue(withSpace.signature().contains("|space:yes|"));
    }

    @Test
    void lowercaseOption() {
        assertEquals(0.0, chrf("ABC", "abc"));
        ChrfScore lc = CorpusChrf.score(List.of("ABC"), List.of("abc"), new ChrfOptions(6, 0, 2, true, false, false));
        assertEquals(100.0, lc.score(), 1e-9);
        assertTrue(lc.signature().contains("|case:lc|"));
    }

    @Test
    void epsSmoothingAveragesPerOrderScores() {
        // F per order: 2/3, 1/2, then 0 -> eps, and eps for the three empty orders; averaged over all 6
        ChrfScore s = CorpusChrf.score(List.of("abc"), List.of("abd"), new ChrfOptions(6, 0, 2, false, false, true));
        assertEquals(100.0 * (2.0 / 3 + 0.5) / 6, s.score(), 1e-9);
        assertTrue(s.signature().contains("|eff:no|"));
    }

    @Test
    void chrfPlusPlusAddsWordOrders() {
        // chars "abcd" vs "abce": 3/4, 2/3, 1/2, 0/1; words [ab, cd] vs [ab, ce]: 1/2, 0/1; P = R over 6 orders
        ChrfScore s = CorpusChrf.score(List.of("ab cd"), List.of("ab ce"), ChrfOptions.CHRF_PLUS_PLUS);
        assertEquals(100.0 * (0.75 + 2.0 / 3 + 0.5 + 0 + 0.5 + 0) / 6, s.score(), 1e-9);
        assertEquals("chrF2++ = 40.28", s.format());
        assertTrue(s.signature().contains("|nc:6|nw:2|"));
        // sacreBLEU 2.6.0: 36.14162234450031
        assertEquals(36.14162234450031, CorpusChrf.score(List.of("Hello (world), it's me!"),
                List.of("Hello world, it is me."), ChrfOptions.CHRF_PLUS_PLUS).score(), 1e-12);
    }

    @Test
    void punctuationSplittingForWords() {
        assertEquals(List.of("(hi", ")", "a", ",", "!", "b", "c", "!", "\"q", "\"", "-"),
                ChrfStats.splitPunctuation("(hi) a, !b c! \"q\" -"));
    }

    @Test
    void supplementaryCharactersAreOneCharacter() {
        // U+20000 U+20001 x vs U+20000 U+20001 y: same as "abc" vs "abd"
        assertEquals(100.0 * 7 / 18, chrf("\uD840\uDC00\uD840\uDC01x", "\uD840\uDC00\uD840\uDC01y"), 1e-9);
    }

    @Test
    void emptySidesScoreZero() {
        assertEquals(0.0, chrf("", "abc"));
        assertEquals(0.0, chrf("abc", ""));
        assertEquals(0.0, chrf("", ""));
        assertEquals("chrF2 = 0.00", CorpusChrf.score(List.of(), List.of()).format());
    }

    @Test
    void corpusScoreSumsStatisticsNotSentenceScores() {
        double corpus = CorpusChrf.score(List.of("abc", "abcd"), List.of("abd", "ab")).score();
        assertEquals(44.36536180308423, corpus, 1e-12); // sacreBLEU 2.6.0
        assertTrue(Math.abs(corpus - (100.0 * 7 / 18 + 78.125) / 2) > 1);
    }

    @Test
    void mergedPartialStatsEqualOneShotScoring() {
        List<String> hyps = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            refs.add("Der Hund " + i + " läuft über die Wiese.");
            hyps.add(i % 4 == 0 ? "" : "Ein Hund " + (i + i % 3) + " rennt über eine Wiese");
        }
        for (ChrfOptions options : List.of(ChrfOptions.DEFAULT, ChrfOptions.CHRF_PLUS_PLUS)) {
            ChrfScore oneShot = CorpusChrf.score(hyps, refs, options);
            ChrfStats merged = CorpusChrf.stats(hyps.subList(0, 10), refs.subList(0, 10), options)
                    .merge(CorpusChrf.stats(hyps.subList(10, 25), refs.subList(10, 25), options));
            assertEquals(oneShot, merged.score());
            assertEquals(25, merged.segments());
            assertTrue(oneShot.score() > 0 && oneShot.score() < 100, oneShot.format());
        }
    }

    @Test
    void mergingDifferentOptionsFails() {
        assertThrows(IllegalArgumentException.class,
                () -> new ChrfStats().merge(new ChrfStats(ChrfOptions.CHRF_PLUS_PLUS)));
    }

    @Test
    void mismatchedLineCountsNameBothCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CorpusChrf.score(List.of("a"), List.of("a", "b", "c", "d")));
        assertTrue(e.getMessage().contains("1 hypotheses") && e.getMessage().contains("4 references"),
                e.getMessage());
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ChrfOptions(0, 0, 2, false, false, false));
        assertThrows(IllegalArgumentException.class, () -> new ChrfOptions(6, -1, 2, false, false, false));
        assertThrows(IllegalArgumentException.class, () -> new ChrfOptions(6, 0, -2, false, false, false));
    }

    @Test
    void outputLinesLookLikeSacreBleus() {
        ChrfScore s = CorpusChrf.score(List.of("abc"), List.of("abd"));
        assertEquals("chrF2|" + SIG + " = 38.89", s.formatWithSignature(2));
        assertEquals("38.8889", s.formatScore(4));
        assertEquals("{\n \"name\": \"chrF2\",\n \"score\": 38.8889,\n \"signature\": \"" + SIG + "\",\n"
                + " \"nrefs\": \"1\",\n \"case\": \"mixed\",\n \"eff\": \"yes\",\n \"nc\": \"6\",\n \"nw\": \"0\",\n"
                + " \"space\": \"no\",\n \"version\": \"" + Signatures.VERSION + "\"\n}", s.toJson(4));
    }
}
