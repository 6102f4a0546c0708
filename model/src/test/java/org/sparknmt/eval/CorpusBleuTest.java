package org.sparknmt.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Corpus BLEU on small hand-computed cases. */
class CorpusBleuTest {
    private static final String SIG_13A = "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:" + Signatures.VERSION;

    @Test
    void perfectMatchIs100() {
        BleuScore s = CorpusBleu.score(List.of("The quick brown fox jumps"), List.of("The quick brown fox jumps"));
        assertEquals(100.0, s.score(), 1e-9);
        assertEquals("BLEU = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 5 ref_len = 5)",
                s.format());
        assertArrayEquals(new long[] {5, 4, 3, 2}, s.counts());
        assertArrayEquals(new long[] {5, 4, 3, 2}, s.totals());
    }

    @Test
    void noMatchIsZero() {
        BleuScore s = CorpusBleu.score(List.of("a b c d"), List.of("e f g h"));
        assertEquals(0.0, s.score());
        assertEquals("BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 1.000 hyp_len = 4 ref_len = 4)", s.format());
        assertArrayEquals(new long[] {4, 3, 2, 1}, s.totals());
    }

    @Test
    void emptyHypothesisHasZeroBrevityPenalty() {
        BleuScore s = CorpusBleu.score(List.of(""), List.of("a b c d"));
        assertEquals(0.0, s.score());
        assertEquals("BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 0.000 ratio = 0.000 hyp_len = 0 ref_len = 4)", s.format());
    }

    @Test
    void emptyCorpusScoresZero() {
        BleuScore s = CorpusBleu.score(List.of(), List.of());
        assertEquals("BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 0 ref_len = 0)", s.format());
    }

    @Test
    void expSmoothingHalvesEachZeroMatchOrder() {
        // 1-grams 4/4, 2-grams 1/3 (a b), 3-grams 0/2 -> 100/(2*2), 4-grams 0/1 -> 100/(4*1)
        BleuScore s = CorpusBleu.score(List.of("a b c d"), List.of("a b d c"));
        double expected = Math.pow(100.0 * (100.0 / 3) * 25 * 25, 0.25);
        assertEquals(expected, s.score(), 1e-9);
        assertEquals(37.99178428257963, s.score(), 1e-12); // sacreBLEU 2.6.0
        assertEquals("BLEU = 37.99 100.0/33.3/25.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 4 ref_len = 4)",
                s.format());
    }

    @Test
    void shortSegmentWithoutFourGramsScoresZeroUnlessEffectiveOrder() {
        // 3 tokens: no 4-grams at all, so precision 4 stays 0 and the geometric mean collapses
        BleuScore s = CorpusBleu.score(List.of("the cat sat"), List.of("the cat sat on"));
        assertEquals(0.0, s.score(), 1e-300);
        assertEquals("BLEU = 0.00 100.0/100.0/100.0/0.0 (BP = 0.717 ratio = 0.750 hyp_len = 3 ref_len = 4)",
                s.format());
        // effective order: the mean is over orders 1..3, leaving only BP = exp(1 - 4/3)
        BleuScore eff = CorpusBleu.score(List.of("the cat sat"), List.of("the cat sat on"),
                new BleuOptions(BleuTokenizer.MTEVAL_13A, false, true));
        assertEquals(100 * Math.exp(1 - 4.0 / 3), eff.score(), 1e-9);
        assertEquals("BLEU = 71.65 100.0/100.0/100.0/0.0 (BP = 0.717 ratio = 0.750 hyp_len = 3 ref_len = 4)",
                eff.format());
        assertTrue(eff.signature().contains("|eff:yes|"));
    }

    @Test
    void statisticsAreSummedOverTheCorpus() {
        // segment 2 has no 3/4-grams; corpus sums still give 4-gram precision 1/1
        BleuScore s = CorpusBleu.score(List.of("a b c d", "x y"), List.of("a b c d", "x z"));
        assertArrayEquals(new long[] {5, 3, 2, 1}, s.counts());
        assertArrayEquals(new long[] {6, 4, 2, 1}, s.totals());
        assertEquals("BLEU = 88.91 83.3/75.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)",
                s.format());
        assertEquals(88.91397050194611, s.score(), 1e-12); // sacreBLEU 2.6.0
    }

    @Test
    void lowercaseHappensBeforeTokenization() {
        // lower-casing first turns &QUOT; into the entity &quot;, which 13a then unescapes
        List<String> hyp = List.of("&QUOT;A&QUOT; is the letter");
        List<String> ref = List.of("\"a\" is the letter");
        BleuScore lc = CorpusBleu.score(hyp, ref, BleuTokenizer.MTEVAL_13A, true);
        assertEquals(100.0, lc.score(), 1e-9);
        assertTrue(lc.signature().startsWith("nrefs:1|case:lc|"));
        BleuScore mixed = CorpusBleu.score(hyp, ref, BleuTokenizer.MTEVAL_13A, false);
        assertEquals("BLEU = 15.62 30.0/22.2/12.5/7.1 (BP = 1.000 ratio = 1.667 hyp_len = 10 ref_len = 6)",
                mixed.format());
    }

    @Test
    void tokenizerChoiceMatters() {
        List<String> hyp = List.of("Hello, world! How are you?");
        List<String> ref = List.of("Hello , world ! How are you ?");
        assertEquals(100.0, CorpusBleu.score(hyp, ref, BleuTokenizer.MTEVAL_13A, false).score(), 1e-9);
        BleuScore none = CorpusBleu.score(hyp, ref, BleuTokenizer.NONE, false);
        assertEquals("BLEU = 11.73 40.0/25.0/16.7/12.5 (BP = 0.549 ratio = 0.625 hyp_len = 5 ref_len = 8)",
                none.format());
        assertTrue(none.signature().contains("|tok:none|"));

        BleuScore zh = CorpusBleu.score(List.of("我爱北京天安门。"), List.of("我爱北京。"), BleuTokenizer.ZH, false);
        assertEquals("BLEU = 36.56 62.5/42.9/33.3/20.0 (BP = 1.000 ratio = 1.600 hyp_len = 8 ref_len = 5)",
                zh.format());
        BleuScore zhWith13a = CorpusBleu.score(List.of("我爱北京天安门。"), List.of("我爱北京。"));
        assertEquals(0.0, zhWith13a.score());
    }

    @Test
    void trailingWhitespaceIsIgnored() {
        assertEquals(100.0, CorpusBleu.score(List.of("a b c d \u00a0\r"), List.of("a b c d")).score(), 1e-9);
    }

    @Test
    void mismatchedLineCountsNameBothCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CorpusBleu.score(List.of("a", "b", "c"), List.of("a", "b")));
        assertTrue(e.getMessage().contains("3 hypotheses") && e.getMessage().contains("2 references"),
                e.getMessage());
    }

    @Test
    void nullSegmentIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CorpusBleu.score(Arrays.asList("a", null), List.of("a", "b")));
        assertTrue(e.getMessage().contains("hypothesis") && e.getMessage().contains("2"), e.getMessage());
    }

    @Test
    void mergedPartialStatsEqualOneShotScoring() {
        List<String> hyps = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            refs.add("Sentence " + i + " has some words, and the number " + (i * 7) + ".");
            hyps.add(i % 3 == 0 ? "" : "Sentence " + i + " has words, and a number " + (i * 7 + i % 2) + " .");
        }
        BleuOptions options = BleuOptions.DEFAULT;
        BleuScore oneShot = CorpusBleu.score(hyps, refs, options);

        BleuStats a = CorpusBleu.stats(hyps.subList(0, 7), refs.subList(0, 7), options);
        BleuStats b = CorpusBleu.stats(hyps.subList(7, 19), refs.subList(7, 19), options);
        BleuStats c = CorpusBleu.stats(hyps.subList(19, 30), refs.subList(19, 30), options);
        BleuStats merged = new BleuStats(options).merge(a).merge(b).merge(c);
        assertEquals(oneShot, merged.score());
        assertEquals(30, merged.segments());
        // merging in another order or from a copy gives the same
        assertEquals(oneShot, c.copy().merge(a).merge(b).score());
        assertEquals(7, a.segments()); // merge leaves its argument alone
        assertNotEquals(0.0, oneShot.score());
    }

    @Test
    void mergingDifferentOptionsFails() {
        BleuStats lc = new BleuStats(BleuOptions.of(BleuTokenizer.MTEVAL_13A, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BleuStats().merge(lc));
        assertTrue(e.getMessage().contains("case:lc"), e.getMessage());
    }

    @Test
    void statsSurviveJavaSerialization() throws IOException, ClassNotFoundException {
        BleuStats stats = new BleuStats(BleuOptions.of(BleuTokenizer.ZH, true)).add("我爱北京", "我爱北京天安门");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(stats);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            BleuStats back = (BleuStats) in.readObject();
            assertEquals(stats.score(), back.score());
            assertEquals(stats.options(), back.options());
        }
    }

    @Test
    void outputLinesLookLikeSacreBleus() {
        BleuScore s = CorpusBleu.score(List.of("a b c d"), List.of("a b d c"));
        assertEquals(SIG_13A, s.signature());
        assertEquals("BLEU|" + SIG_13A
                + " = 37.99 100.0/33.3/25.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 4 ref_len = 4)",
                s.formatWithSignature(2));
        assertEquals("BLEU = 38.0 100.0/33.3/25.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 4 ref_len = 4)",
                s.format(1));
        assertEquals("37.9918", s.formatScore(4));
        assertEquals("{\n \"name\": \"BLEU\",\n \"score\": 37.9918,\n \"signature\": \"" + SIG_13A + "\",\n"
                + " \"verbose_score\": \"100.0/33.3/25.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 4 ref_len = 4)\",\n"
                + " \"nrefs\": \"1\",\n \"case\": \"mixed\",\n \"eff\": \"no\",\n \"tok\": \"13a\",\n"
                + " \"smooth\": \"exp\",\n \"version\": \"" + Signatures.VERSION + "\"\n}", s.toJson(4));
    }

    @Test
    void scoreRecordIsImmutable() {
        BleuScore s = CorpusBleu.score(List.of("a b c d"), List.of("a b d c"));
        s.precisions()[0] = -1;
        s.counts()[0] = -1;
        s.totals()[0] = -1;
        assertEquals(100.0, s.precisions()[0]);
        assertEquals(4, s.counts()[0]);
        assertEquals(4, s.totals()[0]);
    }
}
