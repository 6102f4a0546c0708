package org.sparknmt.decode;

import org.junit.jupiter.api.Test;
import org.sparknmt.vocab.Specials;
import org.sparknmt.vocab.Vocabulary;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shortlist's candidates and file format, and learning it from co-occurrence counts. */
class ShortlistTest {
    private static final int E = Specials.EOS_ID;
    private static final int U = Specials.UNK_ID;

    @Test
    void candidatesAreTheUnionOfTheSourcesListsAndTheAlwaysSet() {
        int[][] bySource = new int[8][];
        bySource[4] = new int[]{9, 7};
        bySource[5] = new int[]{7, 10};
        Shortlist s = new Shortlist(8, 12, new int[]{11}, bySource);
        assertArrayEquals(new int[]{U, E, 11}, s.candidates(List.of()), "EOS and UNK always, with the frequent ones");
        assertArrayEquals(new int[]{U, E, 7, 9, 11}, s.candidates(List.<int[]>of(new int[]{4, 6})));
        assertArrayEquals(new int[]{U, E, 7, 9, 10, 11}, s.candidates(List.of(new int[]{4}, new int[]{5, 5})));
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> s.candidates(List.<int[]>of(new int[]{8})));
        assertTrue(outside.getMessage().contains("source id 8"), outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Shortlist(8, 12, new int[]{12}, bySource));
    }

    @Test
    void writesAndReadsBackAndNamesTheLineOfABadFile() throws IOException {
        int[][] bySource = new int[6][];
        bySource[4] = new int[]{9, 7};
        bySource[5] = new int[]{6};
        Shortlist s = new Shortlist(6, 12, new int[]{11, 10}, bySource);
        StringWriter w = new StringWriter();
        s.write(w);
        assertEquals("spark-nmt-shortlist 1 source=6 target=12\nalways 1 3 10 11\n4 7 9\n5 6\n", w.toString());
        assertEquals(s, Shortlist.read(new BufferedReader(new StringReader(w.toString())), "x"));

        String bad = w.toString().replace("5 6\n", "5 6 12\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shortlist.read(new BufferedReader(new StringReader(bad)), "sl.txt"));
        assertTrue(e.getMessage().startsWith("sl.txt: target ids of source id 5"), e.getMessage());
        String unordered = w.toString().replace("5 6\n", "3 6\n");
        e = assertThrows(IllegalArgumentException.class,
                () -> Shortlist.read(new BufferedReader(new StringReader(unordered)), "sl.txt"));
        assertTrue(e.getMessage().startsWith("sl.txt line 4:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Shortlist.read(new BufferedReader(new StringReader("hello\n")), "sl.txt"));
        assertTrue(e.getMessage().startsWith("sl.txt line 1:"), e.getMessage());
    }

    @Test
    void learnsEachSourceTokensTranslationByDice() throws Exception {
        // source ids 4 ("cat"), 5 ("dog"), 6 ("the"); target 4 ("Katze"), 5 ("Hund"), 6 ("die"), 7 ("der")
        Cooccurrences c = new Cooccurrences(8, 9);
        addCorpus(c, 0, 11);
        assertEquals(11, c.pairs());
        assertEquals(6, c.together(4, 4));
        assertEquals(1, c.together(4, 5));
        assertEquals(0, c.together(Specials.EOS_ID, 4), "specials are not counted");

        Shortlist one = c.shortlist(1, 0, null);
        assertArrayEquals(new int[]{U, E, 4}, one.candidates(List.<int[]>of(new int[]{4})), "cat -> Katze");
        assertArrayEquals(new int[]{U, E, 5}, one.candidates(List.<int[]>of(new int[]{5})), "dog -> Hund");
        Shortlist frequent = c.shortlist(1, 2, null);
        assertEquals(4, frequent.alwaysCount(), "the two most frequent targets with EOS and UNK");
        assertArrayEquals(new int[]{U, E, 4, 6, 7}, frequent.candidates(List.<int[]>of(new int[]{4})),
                "die (7 pairs) and Katze (6) are the most frequent: cat's one slot goes to its next best, der");

        Vocabulary src = Vocabulary.build(Map.of("cat", 3L, "dog", 2L, "Paris", 1L), 1, 10);
        Vocabulary tgt = Vocabulary.build(Map.of("Katze", 3L, "Paris", 2L), 1, 10);
        int[] same = Cooccurrences.sameTokens(src, tgt);
        assertEquals(tgt.id("Paris"), same[src.id("Paris")]);
        assertEquals(-1, same[src.id("cat")]);
        assertEquals(-1, same[Specials.UNK_ID]);

        Cooccurrences half = new Cooccurrences(8, 9);
        Cooccurrences other = new Cooccurrences(8, 9);
        addCorpus(half, 0, 4);
        addCorpus(other, 4, 11);
        Cooccurrences merged = copy(half).merge(copy(other));
        assertEquals(c.shortlist(2, 1, null), merged.shortlist(2, 1, null), "counted in parts, through serialization");
        assertThrows(IllegalArgumentException.class, () -> half.merge(new Cooccurrences(8, 10)));
        assertThrows(IllegalArgumentException.class, () -> half.add(new int[]{8}, new int[]{4}));
    }

    /** Pairs {@code [from, to)} of an 11-pair corpus: 5 × the cat, 4 × der Hund + 1 × die Hund, 1 mixed. */
    private static void addCorpus(Cooccurrences c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (i < 5) {
                c.add(new int[]{6, 4, Specials.EOS_ID}, new int[]{6, 4});
            } else if (i < 10) {
                c.add(new int[]{6, 5}, new int[]{i == 9 ? 6 : 7, 5, Specials.EOS_ID});
            } else {
                c.add(new int[]{6, 4, 5}, new int[]{6, 4, 7, 5, 5});
            }
        }
    }

    private static Cooccurrences copy(Cooccurrences c) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Cooccurrences) in.readObject();
        }
    }
}
