package org.sparknmt.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer's guarantee, {@code detokenize(tokenize(t)).equals(t)} for every normaliser output t, and the
 * normaliser's fixed-point property, on real corpora, on every code point and on random mixes of tricky characters.
 */
class RoundTripTest {
    private static final int LINES_PER_CORPUS = 3000;

    private static final List<TextNormalizer> NORMALIZERS = List.of(new TextNormalizer(true), new TextNormalizer(false));
    private static final List<Tokenizer> TOKENIZERS = List.of(new Tokenizer(CjkMode.WORD), new Tokenizer(CjkMode.CHAR));

    @Test
    void roundTripsTatoebaBothColumns() throws IOException {
        List<String> lines = firstLines(corpus("tatoeba-cmn-eng/cmn.txt"));
        List<String> sentences = new ArrayList<>();
        for (String line : lines) {
            String[] columns = line.split("\t", -1);
            assertEquals(3, columns.length, line);
            sentences.add(columns[0]);
            sentences.add(columns[1]);
        }
        assertEquals(2 * LINES_PER_CORPUS, sentences.size());
        assertEquals(List.of(TextFix.BOM), List.copyOf(new TextNormalizer().normalize(sentences.get(0)).fixes()));
        assertEquals("Hi.", new TextNormalizer().normalize(sentences.get(0)).text());
        assertRoundTrips(sentences);
    }

    @Test
    void roundTripsMulti30kGerman() throws IOException {
        List<String> lines = firstLines(corpus("multi30k-en-de/train.de"));
        assertEquals(LINES_PER_CORPUS, lines.size());
        assertRoundTrips(lines);
    }

    @Test
    void roundTripsEveryCodePointInContext() {
        StringBuilder sb = new StringBuilder();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            sb.setLength(0);
            sb.append("x").appendCodePoint(cp).append("y ").appendCodePoint(cp).append(" 我").appendCodePoint(cp);
            assertRoundTrips(sb.toString());
        }
    }

    @Test
    void roundTripsRandomMixesOfTrickyPieces() {
        String[] pieces = {" ", "  ", "\t", "\r\n", "\u00A0", "\u3000", "\u2009", "\uFEFF", "\u200B", "\u200C", "\u200D",
            "\u00AD", "\u0000", "\u0085", "\u2581", "\u0301", "\u0308", "\u3099", "\uFE0F", "\u00A8", "\uFFFD", "\uD800",
            "_", ".", "'", "’", ",", "-", "...", "?!", "a", "Ab", "don't", "3.14", "1,000", "U.S.", "ｉＰｈｏｎｅ", "１２",
            "，", "！", "我", "喜欢", "學校", "か", "カタカナ", "ー", "한국어", "мир", "ภาษาไทย", "नमस्ते", "می", "👨",
            "👍🏽", "🇩", "🇪", "ﬁ", "①", "\u1112", "\u1161", "\u11AB"};
        Random random = new Random(20261128L);
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < 20_000; n++) {
            sb.setLength(0);
            for (int k = random.nextInt(12); k > 0; k--) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            assertRoundTrips(sb.toString());
        }
    }

    private static void assertRoundTrips(List<String> raws) {
        for (String raw : raws) {
            assertRoundTrips(raw);
        }
    }

    private static void assertRoundTrips(String raw) {
        for (TextNormalizer normalizer : NORMALIZERS) {
            NormalizedText normalized = normalizer.normalize(raw);
            String text = normalized.text();
            NormalizedText again = normalizer.normalize(text);
            if (!again.text().equals(text) || again.changed()) {
                fail("not a fixed point (nfkc=" + normalizer.nfkc() + "): " + escape(raw) + " -> " + escape(text)
                        + " -> " + escape(again.text()) + " " + again.fixes());
            }
            for (Tokenizer tokenizer : TOKENIZERS) {
                List<String> tokens = tokenizer.tokenize(text);
                for (String token : tokens) {
                    assertTokenShape(token, text);
                }
                String back = tokenizer.detokenize(tokens);
                if (!back.equals(text)) {
                    fail("round trip failed (" + tokenizer.cjkMode() + ", nfkc=" + normalizer.nfkc() + "): "
                            + escape(text) + " -> " + tokens + " -> " + escape(back));
                }
            }
        }
    }

    private static void assertTokenShape(String token, String text) {
        int body = token.startsWith(Tokenizer.SPACE_MARKER) ? 1 : 0;
        assertTrue(token.length() > body, () -> "empty token in " + escape(text));
        for (int i = body; i < token.length(); i++) {
            char c = token.charAt(i);
            assertFalse(c == ' ' || c == Tokenizer.SPACE_MARKER_CHAR, () -> "bad token " + escape(token));
        }
    }

    private static Path corpus(String relative) {
        Path shared = Path.of(System.getProperty("shared.dir", "../../shared"));
        Path file = shared.resolve("corpora").resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(file),
                "the ../shared corpora are missing (looked for " + file.toAbsolutePath()
                        + "; set -Dshared.dir to the shared directory)");
        return file;
    }

    private static List<String> firstLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>(LINES_PER_CORPUS);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null && lines.size() < LINES_PER_CORPUS;
                 line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F) {
                sb.append((char) cp);
            } else {
                sb.append(String.format("\\u{%X}", cp));
            }
        });
        return sb.append('"').toString();
    }
}
