package org.sparknmt.subword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BpeLearnerTest {

    /** Sennrich et al. (2016)'s example; merges worked out by hand and identical to learn_bpe.py's output. */
    static final Map<String, Long> CLASSIC = Map.of("low", 5L, "lower", 2L, "newest", 6L, "widest", 3L);

    static final List<Merge> CLASSIC_MERGES = List.of(
            new Merge("s", "t</w>"),      // 9, ties with (e, s): "s" > "e"
            new Merge("e", "st</w>"),     // 9
            new Merge("l", "o"),          // 7
            new Merge("w", "est</w>"),    // 6, ties with (n, e) and (e, w): "w" > "n" > "e"
            new Merge("n", "e"),          // 6, ties with (e, west</w>)
            new Merge("ne", "west</w>"),  // 6
            new Merge("lo", "w</w>"),     // 5
            new Merge("w", "i"),          // 3, ties with (i, d) and (d, est</w>)
            new Merge("wi", "d"),         // 3
            new Merge("wid", "est</w>"),  // 3
            new Merge("w", "e"),          // 2, ties with (lo, w) and (e, r</w>)
            new Merge("we", "r</w>"),     // 2, ties with (lo, we)
            new Merge("lo", "wer</w>"));  // 2

    /** A corpus with "▁", CJK, emoji, overlapping pairs and a code-point-order tie, for the golden test. */
    static final Map<String, Long> GOLDEN_COUNTS = goldenCounts();

    /** Exactly what {@code learn_bpe.py --dict-input -s 100} (subword-nmt 0.3.8) writes for GOLDEN_COUNTS. */
    static final String GOLDEN_MERGES_FILE = """
            #version: 0.2
            s t</w>
            e st</w>
            ▁ l
            ▁l o
            ▁ n
            ▁n e
            ▁ne w
            ▁new est</w>
            😀 👍</w>
            ▁lo w</w>
            你 好</w>
            你 们</w>
            a a
            𠀋 a</w>
            ～ a</w>
            好 的</w>
            ▁ w
            ▁w i
            ▁wi d
            ▁wid est</w>
            👍 😀👍</w>
            ▁lo w
            ▁low e
            ▁lowe r</w>
            aa a
            aaa a</w>
            """;

    private static Map<String, Long> goldenCounts() {
        Map<String, Long> m = new HashMap<>();
        m.put("▁low", 5L);
        m.put("▁lower", 2L);
        m.put("▁newest", 6L);
        m.put("▁widest", 3L);
        m.put("你好", 4L);
        m.put("你们", 4L);
        m.put("好的", 3L);
        m.put("😀👍", 3L);
        m.put("👍😀👍", 2L);
        m.put("𠀋a", 3L);
        m.put("～a", 3L);
        m.put("aaaa", 2L);
        m.put("ab", 1L);
        return m;
    }

    @Test
    void classicExampleGivesTheMergesWorkedOutByHand() {
        BpeModel model = BpeLearner.learn(CLASSIC, 100, 2);
        assertEquals(CLASSIC_MERGES, model.merges());
        assertEquals(13, model.numMerges());
        assertEquals(BpeModel.Version.V0_2, model.version());
    }

    @Test
    void learnedModelEncodesTheTrainingWordsWhole() {
        BpeModel model = BpeLearner.learn(CLASSIC, 100, 2);
        for (String word : CLASSIC.keySet()) {
            assertEquals(List.of(word), model.encode(word));
        }
    }

    @Test
    void numMergesBoundsTheMergeList() {
        assertEquals(CLASSIC_MERGES.subList(0, 3), BpeLearner.learn(CLASSIC, 3, 2).merges());
        assertEquals(List.of(), BpeLearner.learn(CLASSIC, 0, 2).merges());
    }

    @Test
    void minFrequencyStopsLearning() {
        // the 11th merge has count 2
        assertEquals(CLASSIC_MERGES.subList(0, 10), BpeLearner.learn(CLASSIC, 100, 3).merges());
        // the best pair has count 9
        assertEquals(List.of(), BpeLearner.learn(CLASSIC, 100, 10).merges());
        assertEquals(CLASSIC_MERGES.subList(0, 2), BpeLearner.learn(CLASSIC, 100, 9).merges());
    }

    @Test
    void stopsWhenNoPairIsLeft() {
        assertEquals(13, BpeLearner.learn(CLASSIC, 1_000_000, 1).numMerges());
        assertEquals(List.of(), BpeLearner.learn(Map.of("a", 10L, "😀", 3L), 10, 1).merges());
    }

    @Test
    void mergesFileIsByteIdenticalToSubwordNmt() throws IOException {
        StringWriter out = new StringWriter();
        BpeLearner.learn(GOLDEN_COUNTS, 100, 2).write(out);
        assertEquals(GOLDEN_MERGES_FILE, out.toString());
    }

    @Test
    void tiesCompareSymbolsByCodePointNotUtf16Unit() {
        // U+2000B (surrogates D840 DC0B) > U+FF5E by code point, but "\uD840..".compareTo("\uFF5E") < 0
        BpeModel model = BpeLearner.learn(Map.of("～a", 3L, "𠀋a", 3L), 1, 1);
        assertEquals(List.of(new Merge("𠀋", "a</w>")), model.merges());
    }

    @Test
    void overlappingOccurrencesAllCountAsInSubwordNmt() {
        // (a, a) occurs twice in "a a a a</w>", so it counts 4 and beats (b, c</w>) = 3
        BpeModel model = BpeLearner.learn(Map.of("aaaa", 2L, "bc", 3L), 10, 2);
        assertEquals(List.of(new Merge("a", "a"), new Merge("b", "c</w>"), new Merge("aa", "a"),
                new Merge("aaa", "a</w>")), model.merges());
    }

    @Test
    void sameCountsInAnyInsertionOrderGiveIdenticalMerges() throws IOException {
        Map<String, Long> counts = syntheticCounts(3000, 11);
        String expected = mergesText(BpeLearner.learn(counts, 500, 2));
        List<String> keys = new ArrayList<>(counts.keySet());
        for (int seed = 0; seed < 4; seed++) {
            Collections.shuffle(keys, new Random(seed));
            Map<String, Long> reordered = new LinkedHashMap<>();
            keys.forEach(k -> reordered.put(k, counts.get(k)));
            assertEquals(expected, mergesText(BpeLearner.learn(reordered, 500, 2)));
        }
        Map<String, Long> sortedDescending = new TreeMap<>(Comparator.reverseOrder());
        sortedDescending.putAll(counts);
        assertEquals(expected, mergesText(BpeLearner.learn(sortedDescending, 500, 2)));
        assertEquals(500, expected.lines().count() - 1);
    }

    /** The incremental learner must agree with the obvious recount-everything algorithm, ties included. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void agreesWithNaiveRecountingOnRandomCorpora(int seed) {
        Random random = new Random(seed);
        String[] alphabet = {"a", "b", "c", "▁", "😀", "～", "𠀋"};
        Map<String, Long> counts = new HashMap<>();
        while (counts.size() < 40) {
            StringBuilder word = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                word.append(alphabet[random.nextInt(alphabet.length)]);
            }
            counts.put(word.toString(), 1L + random.nextInt(5));
        }
        for (int minFrequency : new int[] {1, 3}) {
            assertEquals(NaiveBpe.learn(counts, 150, minFrequency),
                    BpeLearner.learn(counts, 150, minFrequency).merges(), "seed " + seed + ", minFrequency " + minFrequency);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertMessage("numMerges must be >= 0", () -> BpeLearner.learn(CLASSIC, -1, 2));
        assertMessage("minFrequency must be >= 1", () -> BpeLearner.learn(CLASSIC, 10, 0));
        assertMessage("without white space, got \"a b\"", () -> BpeLearner.learn(Map.of("a b", 1L), 10, 1));
        assertMessage("without white space, got \"\"", () -> BpeLearner.learn(Map.of("", 1L), 10, 1));
        assertMessage("values must be >= 1, got 0 for \"x\"", () -> BpeLearner.learn(Map.of("x", 0L), 10, 1));
        assertThrows(NullPointerException.class, () -> BpeLearner.learn(null, 10, 1));
    }

    private static void assertMessage(String expectedPart, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }

    static String mergesText(BpeModel model) throws IOException {
        StringWriter out = new StringWriter();
        model.write(out);
        return out.toString();
    }

    /** Deterministic Zipf-like counts over syllable words, some "▁"-prefixed, some with CJK and emoji. */
    static Map<String, Long> syntheticCounts(int size, long seed) {
        String[] syllables = {"ka", "ki", "ta", "te", "to", "na", "ne", "sa", "shi", "ra", "ri", "ro", "ma", "er", "es",
                "ing", "ed", "th", "st", "ch", "ou", "ea", "a", "e", "i", "o", "u", "n", "s", "t", "你", "好", "😀", "𠀋"};
        Random random = new Random(seed);
        Map<String, Long> counts = new HashMap<>();
        while (counts.size() < size) {
            StringBuilder word = new StringBuilder(random.nextInt(10) < 4 ? "▁" : "");
            int length = 1 + random.nextInt(5);
            for (int i = 0; i < length; i++) {
                word.append(syllables[random.nextInt(syllables.length)]);
            }
            long count = 1 + (long) (1_000_000.0 / (counts.size() + 1) * random.nextDouble());
            counts.putIfAbsent(word.toString(), count);
        }
        return counts;
    }
}
