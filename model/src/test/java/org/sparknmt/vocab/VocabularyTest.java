package org.sparknmt.vocab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
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

class VocabularyTest {

    private static final Map<String, Long> COUNTS = Map.of("b", 5L, "a", 5L, "c", 7L, "d", 1L, "▁the", 3L, "你", 3L, "😀", 2L);

    private static List<String> tokens(Vocabulary v) {
        List<String> out = new ArrayList<>();
        for (int id = 0; id < v.size(); id++) {
            out.add(v.token(id));
        }
        return out;
    }

    @Test
    void specialsComeFirstThenCountDescendingThenTokenAscending() {
        Vocabulary v = Vocabulary.build(COUNTS, 1, 0);
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "c", "a", "b", "▁the", "你", "😀", "d"), tokens(v));
        assertEquals(11, v.size());
        assertEquals(Specials.PAD_ID, v.id("<pad>"));
        assertEquals(Specials.UNK_ID, v.id("<unk>"));
        assertEquals(Specials.BOS_ID, v.id("<s>"));
        assertEquals(Specials.EOS_ID, v.id("</s>"));
        assertEquals(7, v.count(4));
        assertEquals(0, v.count(Specials.PAD_ID));
        assertEquals(6, v.id("b"));
    }

    @Test
    void sameCountsInAnyOrderGiveTheSameIds() {
        Map<String, Long> counts = new HashMap<>();
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            counts.put("w" + Integer.toString(i, 36), 1L + random.nextInt(20));
        }
        Vocabulary expected = Vocabulary.build(counts, 2, 500);
        List<String> keys = new ArrayList<>(counts.keySet());
        for (int seed = 0; seed < 3; seed++) {
            Collections.shuffle(keys, new Random(seed));
            Map<String, Long> reordered = new LinkedHashMap<>();
            keys.forEach(k -> reordered.put(k, counts.get(k)));
            Vocabulary v = Vocabulary.build(reordered, 2, 500);
            assertEquals(tokens(expected), tokens(v));
            assertEquals(expected, v);
        }
        Map<String, Long> descending = new TreeMap<>(Comparator.reverseOrder());
        descending.putAll(counts);
        assertEquals(expected, Vocabulary.build(descending, 2, 500));
        assertEquals(500, expected.size());
    }

    @Test
    void minCountDropsRareTokens() {
        Vocabulary v = Vocabulary.build(COUNTS, 5, 0);
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "c", "a", "b"), tokens(v));
        assertEquals(Specials.UNK_ID, v.id("d"));
        assertEquals(4, Vocabulary.build(COUNTS, 8, 0).size());
    }

    @Test
    void maxSizeCountsTheSpecialsAndBreaksTiesByToken() {
        Map<String, Long> counts = Map.of("x", 3L, "b", 2L, "a", 2L, "c", 2L);
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "x", "a"), tokens(Vocabulary.build(counts, 1, 6)));
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "x", "a", "b"), tokens(Vocabulary.build(counts, 1, 7)));
        assertEquals(Specials.ALL, tokens(Vocabulary.build(counts, 1, 4)));
        assertEquals(8, Vocabulary.build(counts, 1, 100).size());
        assertEquals(8, Vocabulary.build(counts, 1, 0).size());
        assertEquals(8, Vocabulary.build(counts, 1, -1).size());
    }

    @Test
    void specialTokensInTheCountsKeepTheirIdsAndAreNotDuplicated() {
        Vocabulary v = Vocabulary.build(Map.of("<unk>", 10L, "</s>", 4L, "a", 2L), 1, 5);
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "a"), tokens(v));
        assertEquals(10, v.count(Specials.UNK_ID));
        assertEquals(4, v.count(Specials.EOS_ID));
        assertEquals(0, v.count(Specials.BOS_ID));
    }

    @Test
    void unknownTokensMapToUnk() {
        Vocabulary v = Vocabulary.build(COUNTS, 1, 0);
        assertEquals(Specials.UNK_ID, v.id("zebra"));
        assertFalse(v.contains("zebra"));
        assertTrue(v.contains("😀"));
        assertArrayEquals(new int[] {2, 4, 1, 9, 3}, v.encode(List.of("<s>", "c", "zebra", "😀", "</s>")));
        assertEquals(List.of("<s>", "c", "<unk>", "😀", "</s>"), v.decode(new int[] {2, 4, 1, 9, 3}));
    }

    @Test
    void idsOutsideTheRangeFailWithTheIdAndSize() {
        Vocabulary v = Vocabulary.build(COUNTS, 1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.token(11));
        assertEquals("id 11 is out of range: this vocabulary has size 11, so ids are 0..10", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.count(-1));
        assertEquals("id -1 is out of range: this vocabulary has size 11, so ids are 0..10", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> v.decode(new int[] {0, 42}));
    }

    @Test
    void rejectsBadArgumentsNamingThemAndTheirRange() {
        assertMessage("minCount must be >= 1, was 0", () -> Vocabulary.build(COUNTS, 0, 0));
        assertMessage("maxSize must be <= 0 (no limit) or >= 4 (the special tokens), was 3",
                () -> Vocabulary.build(COUNTS, 1, 3));
        assertMessage("counts values must be >= 0, got -2 for \"x\"", () -> Vocabulary.build(Map.of("x", -2L), 1, 0));
        assertMessage("counts key must be a non-empty token without white space, was \"a b\"",
                () -> Vocabulary.build(Map.of("a b", 2L), 1, 0));
        assertMessage("counts key must be a non-empty token without white space, was \"\"",
                () -> Vocabulary.build(Map.of("", 2L), 1, 0));
        assertThrows(NullPointerException.class, () -> Vocabulary.build(null, 1, 0));
    }

    @Test
    void serializationKeepsTokensCountsAndLookups() throws Exception {
        Vocabulary v = Vocabulary.build(COUNTS, 1, 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(v);
        }
        Vocabulary back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (Vocabulary) in.readObject();
        }
        assertEquals(v, back);
        assertEquals(9, back.id("😀"));
        assertEquals(Specials.UNK_ID, back.id("zebra"));
        assertEquals(2, back.count(9));
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(expected, e.getMessage());
    }
}
