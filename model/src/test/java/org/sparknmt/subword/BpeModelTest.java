package org.sparknmt.subword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BpeModelTest {

    /** Words apply_bpe.py (subword-nmt 0.3.8) segmented with GOLDEN_MERGES_FILE, and its output. */
    private static final Map<String, List<String>> GOLDEN_SEGMENTATION = Map.ofEntries(
            Map.entry("▁low", List.of("▁low")),
            Map.entry("▁lowest", List.of("▁low@@", "est")),
            Map.entry("▁newer", List.of("▁new@@", "e@@", "r")),
            Map.entry("low", List.of("l@@", "o@@", "w")),
            Map.entry("你好的", List.of("你@@", "好的")),
            Map.entry("你们好", List.of("你@@", "们@@", "好")),
            Map.entry("😀👍😀", List.of("😀@@", "👍@@", "😀")),
            Map.entry("👍", List.of("👍")),
            Map.entry("𠀋～a", List.of("𠀋@@", "～a")),
            Map.entry("aaaaa", List.of("aa@@", "aa@@", "a")),
            Map.entry("abab", List.of("a@@", "b@@", "a@@", "b")),
            Map.entry("xyz", List.of("x@@", "y@@", "z")),
            Map.entry("▁", List.of("▁")));

    /** Words for round trips: "▁" prefixes, CJK, emoji (surrogate pairs), single characters, "@" runs. */
    private static final List<String> TRICKY_WORDS = List.of("▁low", "lower", "▁newest", "widest", "▁", "a", "x",
            "😀", "👍😀👍", "▁😀", "你好世界", "▁中文", "𠀋a", "～a", "aaaaaaa", "a@@", "@@", "@", "a@b", "x@@y",
            "é", "e\u0301", "ß", "▁lowest", "newer", "12345", "<unk>", "</w>", "a</w>b");

    private static BpeModel read(String text, String name) throws IOException {
        return BpeModel.read(new BufferedReader(new StringReader(text)), name);
    }

    private static BpeModel golden() throws IOException {
        return read(BpeLearnerTest.GOLDEN_MERGES_FILE, "golden.codes");
    }

    @Test
    void encodesLikeApplyBpe() throws IOException {
        BpeModel model = golden();
        GOLDEN_SEGMENTATION.forEach((word, pieces) -> assertEquals(pieces, model.encode(word), word));
    }

    @Test
    void readsAHandWrittenSubwordNmtFile() throws IOException {
        BpeModel model = read("#version: 0.2\nl o\nlo w\ne r</w>\n", "hand.codes");
        assertEquals(List.of(new Merge("l", "o"), new Merge("lo", "w"), new Merge("e", "r</w>")), model.merges());
        assertEquals(BpeModel.Version.V0_2, model.version());
        assertEquals(List.of("low@@", "er"), model.encode("lower"));
        // as apply_bpe.py: the end-of-word marker makes the last "w" the symbol "w</w>", which "lo w" does not match
        assertEquals(List.of("lo@@", "w"), model.encode("low"));
        assertEquals(List.of("low@@", "e@@", "r@@", "s"), model.encode("lowers"));
    }

    @Test
    void appliesMergesByRankNotByPosition() throws IOException {
        // (b, c) has the better rank, so "abc" becomes a|bc although (a, b) comes first in the word
        BpeModel model = read("#version: 0.2\nb c</w>\na b\n", "rank.codes");
        assertEquals(List.of("a@@", "bc"), model.encode("abc"));
    }

    @Test
    void aRepeatedMergeKeepsItsFirstRankAsInApplyBpe() throws IOException {
        BpeModel model = read("#version: 0.2\nb c</w>\na b\nb c</w>\n", "dup.codes");
        assertEquals(3, model.numMerges());
        assertEquals(List.of("a@@", "bc"), model.encode("abc"));
    }

    @Test
    void headerlessFileIsVersion01WithASeparateEndOfWordSymbol() throws IOException {
        // segmentations checked against apply_bpe.py
        BpeModel model = read("l o\nlo w\nw </w>\ne r\ner </w>\nlow er</w>\n", "v01.codes");
        assertEquals(BpeModel.Version.V0_1, model.version());
        assertEquals(new Merge("w", "</w>"), model.merges().get(2));
        assertEquals(List.of("low"), model.encode("low"));
        assertEquals(List.of("lower"), model.encode("lower"));
        assertEquals(List.of("low@@", "e@@", "s@@", "t"), model.encode("lowest"));
        assertEquals(List.of("n@@", "e@@", "w@@", "er"), model.encode("newer"));
        assertEquals(List.of("w"), model.encode("w"));
    }

    @Test
    void version01HeaderAndTrailingZerosAreAccepted() throws IOException {
        assertEquals(BpeModel.Version.V0_1, read("#version: 0.1\na b\n", "x").version());
        assertEquals(BpeModel.Version.V0_2, read("#version: 0.2.0\na b\n", "x").version());
    }

    @Test
    void writeReadRoundTripKeepsMergesEncodingsAndBytes() throws IOException {
        BpeModel learned = BpeLearner.learn(BpeLearnerTest.syntheticCounts(2000, 5), 400, 2);
        byte[] bytes = utf8(learned);
        BpeModel back = BpeModel.read(utf8Reader(bytes), "round-trip.codes");
        assertEquals(learned.merges(), back.merges());
        assertEquals(learned.version(), back.version());
        assertEquals(new String(bytes, StandardCharsets.UTF_8), new String(utf8(back), StandardCharsets.UTF_8));
        for (String word : BpeLearnerTest.syntheticCounts(3000, 99).keySet()) {
            assertEquals(learned.encode(word), back.encode(word), word);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("#version: 0.2\n"), text);
        assertEquals(401, text.split("\n", -1).length - 1);
    }

    @Test
    void version01ModelIsWrittenWithoutHeader() throws IOException {
        BpeModel model = read("l o\nlo w\n", "v01.codes");
        assertEquals("l o\nlo w\n", new String(utf8(model), StandardCharsets.UTF_8));
    }

    @Test
    void encodeDecodeRoundTripsExactly() throws IOException {
        List<BpeModel> models = List.of(golden(), new BpeModel(List.of()),
                BpeLearner.learn(BpeLearnerTest.syntheticCounts(2000, 5), 400, 2));
        List<String> words = new ArrayList<>(TRICKY_WORDS);
        words.addAll(BpeLearnerTest.syntheticCounts(2000, 42).keySet());
        for (BpeModel model : models) {
            List<String> pieces = new ArrayList<>();
            for (String word : words) {
                List<String> encoded = model.encode(word);
                for (String piece : encoded) {
                    assertWellFormed(piece);
                }
                pieces.addAll(encoded);
            }
            assertEquals(words, BpeModel.decode(pieces), model.toString());
        }
    }

    @Test
    void unseenCharactersEncodeToCodePoints() throws IOException {
        BpeModel model = golden();
        assertEquals(List.of("q@@", "😎@@", "𝄞@@", "ж"), model.encode("q😎𝄞ж"));
        assertEquals(List.of("😎"), model.encode("😎"));
        assertEquals(List.of("q"), model.encode("q"));
        assertEquals(List.of("▁@@", "😎"), new BpeModel(List.of()).encode("▁😎"));
    }

    @Test
    void decodeJoinsContinuedPieces() {
        assertEquals(List.of("lower", "▁new", "x"), BpeModel.decode(List.of("low@@", "er", "▁new", "x")));
        assertEquals(List.of(), BpeModel.decode(List.of()));
        // a cut-off translation: the dangling piece ends the last word, as subword-nmt's sed does
        assertEquals(List.of("a", "bc"), BpeModel.decode(List.of("a", "b@@", "c@@")));
        assertEquals(List.of(""), BpeModel.decode(List.of("@@")));
    }

    @Test
    void cacheGivesTheSameAnswersAsNoCache() throws IOException {
        BpeModel cached = golden();
        BpeModel uncached = new BpeModel(cached.merges(), cached.version(), 0);
        List<String> words = new ArrayList<>(TRICKY_WORDS);
        words.addAll(GOLDEN_SEGMENTATION.keySet());
        for (int pass = 0; pass < 2; pass++) {
            for (String word : words) {
                assertEquals(uncached.encode(word), cached.encode(word), word);
            }
        }
        assertEquals(0, uncached.cachedWords());
        assertEquals(words.stream().distinct().count(), cached.cachedWords());
        assertSame(cached.encode("▁lowest"), cached.encode("▁lowest"));
    }

    @Test
    void cacheStopsGrowingAtItsBound() throws IOException {
        BpeModel model = new BpeModel(golden().merges(), BpeModel.Version.V0_2, 5);
        for (String word : GOLDEN_SEGMENTATION.keySet()) {
            assertEquals(GOLDEN_SEGMENTATION.get(word), model.encode(word));
        }
        assertEquals(5, model.cachedWords());
        GOLDEN_SEGMENTATION.forEach((word, pieces) -> assertEquals(pieces, model.encode(word), word));
        assertEquals(5, model.cachedWords());
    }

    @Test
    void threadsSharingOneModelGetCorrectAnswers() throws Exception {
        BpeModel shared = new BpeModel(BpeLearner.learn(BpeLearnerTest.syntheticCounts(2000, 5), 300, 2).merges(),
                BpeModel.Version.V0_2, 700);
        BpeModel reference = new BpeModel(shared.merges(), shared.version(), 0);
        List<String> words = new ArrayList<>(BpeLearnerTest.syntheticCounts(1500, 8).keySet());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                List<String> mine = new ArrayList<>(words);
                Collections.shuffle(mine, new Random(t));
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int pass = 0; pass < 3; pass++) {
                        for (String word : mine) {
                            if (!shared.encode(word).equals(reference.encode(word))) {
                                throw new AssertionError("wrong pieces for " + word);
                            }
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(3 * words.size(), result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(700, shared.cachedWords());
    }

    @Test
    void serializationKeepsMergesAndRebuildsAnEmptyCache() throws Exception {
        BpeModel model = new BpeModel(golden().merges(), BpeModel.Version.V0_2, 3);
        model.encode("▁lowest");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        BpeModel back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (BpeModel) in.readObject();
        }
        assertEquals(model.merges(), back.merges());
        assertEquals(3, back.maxCacheSize());
        assertEquals(0, back.cachedWords());
        GOLDEN_SEGMENTATION.forEach((word, pieces) -> assertEquals(pieces, back.encode(word), word));
        assertEquals(3, back.cachedWords());
    }

    @Test
    void malformedLineNamesSourceLineAndExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("#version: 0.2\na b\nc d e\n", "data/merges.txt"));
        assertEquals("data/merges.txt, line 3: malformed merge \"c d e\"; expected 'left right': two non-empty "
                + "symbols without white space, separated by one space, e.g. \"e s\"", e.getMessage());
        assertMalformed("#version: 0.2\nab\n", "line 2: malformed merge \"ab\"");
        assertMalformed("a  b\n", "line 1: malformed merge \"a  b\"");
        assertMalformed("a\tb\n", "line 1: malformed merge \"a\tb\"");
        assertMalformed("a b\n\nc d\n", "line 2: malformed merge \"\" (blank lines may only end the file)");
        assertMalformed("#version: 0.3\na b\n", "line 1: unsupported version in header \"#version: 0.3\"");
        assertMalformed("#version: 0.2 byte\na b\n", "line 1: byte-level BPE is not supported");
    }

    @Test
    void toleratesWhatApplyBpeTolerates() throws IOException {
        BpeModel model = read("#version: 0.2\r\n a b \r\nc d\r\n\n\n", "crlf.codes");
        assertEquals(List.of(new Merge("a", "b"), new Merge("c", "d")), model.merges());
        assertEquals(List.of(), read("", "empty.codes").merges());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new BpeModel(List.of()).encode(""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BpeModel(List.of(), BpeModel.Version.V0_2, -1));
        assertEquals("maxCacheSize must be >= 0 (0 = no cache), was -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Merge("a b", "c"));
        assertEquals("Merge left symbol must be non-empty and contain no white space, was \"a b\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Merge("a", ""));
        assertEquals("ab</w>", new Merge("a", "b</w>").merged());
    }

    private static void assertMalformed(String file, String expectedPart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(file, "m.codes"));
        assertTrue(e.getMessage().startsWith("m.codes, "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }

    /** No piece may hold half of a surrogate pair. */
    private static void assertWellFormed(String piece) {
        for (int i = 0; i < piece.length(); i++) {
            char c = piece.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < piece.length() && Character.isLowSurrogate(piece.charAt(i + 1)), piece);
                i++;
            } else {
                assertTrue(!Character.isLowSurrogate(c), piece);
            }
        }
    }

    private static byte[] utf8(BpeModel model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        model.write(out);
        return bytes.toByteArray();
    }

    private static BufferedReader utf8Reader(byte[] bytes) {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
    }
}
