package org.sparknmt.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextNormalizerTest {
    private final TextNormalizer withNfkc = new TextNormalizer();
    private final TextNormalizer withoutNfkc = new TextNormalizer(false);

    /** Rows: what the row shows, raw input, expected text, expected fixes (space-separated TextFix names). */
    static Stream<Arguments> nfkcRows() {
        return Stream.of(
                row("plain ASCII is clean", "Hello, world!", "Hello, world!", ""),
                row("empty stays empty", "", "", ""),
                row("non-ASCII without issues is clean", "Zwei junge weiße Männer.", "Zwei junge weiße Männer.", ""),
                row("Chinese without issues is clean", "我用iPhone 12拍的。", "我用iPhone 12拍的。", ""),
                row("leading BOM", "\uFEFFHi.", "Hi.", "BOM"),
                row("second leading U+FEFF is not a BOM", "\uFEFF\uFEFFHi", "Hi", "BOM ZERO_WIDTH"),
                row("inner U+FEFF", "a\uFEFFb", "ab", "ZERO_WIDTH"),
                row("zero-width space", "foo\u200Bbar", "foobar", "ZERO_WIDTH"),
                row("soft hyphen and word joiner", "co\u00ADop\u2060er", "cooper", "ZERO_WIDTH"),
                row("bidi embedding and marks", "\u202Babc\u202C \u200Fd\u200E", "abc d", "ZERO_WIDTH"),
                row("Mongolian vowel separator (Cf, not space)", "a\u180Eb", "ab", "ZERO_WIDTH"),
                row("ZWNJ kept in Persian", "می\u200Cخواهم", "می\u200Cخواهم", ""),
                row("ZWJ kept in emoji", "👨\u200D👩\u200D👧", "👨\u200D👩\u200D👧", ""),
                row("ZWJ kept in Devanagari half form", "क्\u200Dष", "क्\u200Dष", ""),
                row("visible Arabic number sign kept", "\u0600١٢", "\u0600١٢", ""),
                row("emoji tag sequence kept", "🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F",
                        "🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F", ""),
                row("C0 and C1 controls, DEL", "a\u0000b\u001Bc\u007Fd\u009Be", "abcde", "CONTROL"),
                row("information separators are controls, not spaces", "a\u001Fb", "ab", "CONTROL"),
                row("tab", "a\tb", "a b", "WHITESPACE"),
                row("CRLF", "line one\r\nline two\r\n", "line one line two", "WHITESPACE"),
                row("VT, FF, NEL are white space", "a\u000Bb\u000Cc\u0085d", "a b c d", "WHITESPACE"),
                row("NBSP counts as white space, not NFKC", "10\u00A0km", "10 km", "WHITESPACE"),
                row("ideographic space", "你好\u3000世界", "你好 世界", "WHITESPACE"),
                row("thin and narrow no-break spaces", "1\u202F000\u2009m", "1 000 m", "WHITESPACE"),
                row("line and paragraph separators", "a\u2028b\u2029c", "a b c", "WHITESPACE"),
                row("double space collapsed", "a  b", "a b", "WHITESPACE"),
                row("ends trimmed", " a b ", "a b", "WHITESPACE"),
                row("only white space", " \t\u00A0 ", "", "WHITESPACE"),
                row("space run left by a removed character", "a \u200B b", "a b", "ZERO_WIDTH WHITESPACE"),
                row("replacement character kept", "caf\uFFFD", "caf\uFFFD", ""),
                row("full-width letters and digits", "ｉＰｈｏｎｅ１２", "iPhone12", "NFKC"),
                row("full-width punctuation", "你好，世界！", "你好,世界!", "NFKC"),
                row("ligature", "ﬁne", "fine", "NFKC"),
                row("circled digit", "①", "1", "NFKC"),
                row("combining accent composed", "Cafe\u0301", "Café", "NFKC"),
                row("conjoining jamo composed", "\u1112\u1161\u11AB", "한", "NFKC"),
                row("space from NFKC kept inside", "a\u00A8", "a \u0308", "NFKC"),
                row("space from NFKC trimmed", "\u00A8a", "\u0308a", "NFKC"),
                row("removal happens before composition", "e\u200B\u0301", "é", "ZERO_WIDTH NFKC"),
                row("literal space marker", "a\u2581b", "a_b", "SPACER"),
                row("SentencePiece output as input", "\u2581Hello \u2581world", "_Hello _world", "SPACER"),
                row("everything at once", "\uFEFF  Hi\u00A0there\u200B！\u0007", "Hi there!",
                        "BOM CONTROL ZERO_WIDTH WHITESPACE NFKC"));
    }

    /** Rows for {@code new TextNormalizer(false)}: all rules but NFKC. */
    static Stream<Arguments> noNfkcRows() {
        return Stream.of(
                row("full-width forms kept", "ｉＰｈｏｎｅ，", "ｉＰｈｏｎｅ，", ""),
                row("full-width punctuation kept, ideographic space replaced", "你好\u3000世界，", "你好 世界，",
                        "WHITESPACE"),
                row("decomposed accent kept", "Cafe\u0301", "Cafe\u0301", ""),
                row("NBSP still replaced", "a\u00A0b", "a b", "WHITESPACE"),
                row("spacing diaeresis kept", "a\u00A8", "a\u00A8", ""),
                row("other rules still apply", "\uFEFFa\u200B\u0000\u2581", "a_", "BOM CONTROL ZERO_WIDTH SPACER"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nfkcRows")
    void normalizesWithNfkc(String what, String raw, String expectedText, Set<TextFix> expectedFixes) {
        NormalizedText result = withNfkc.normalize(raw);
        assertEquals(expectedText, result.text());
        assertEquals(expectedFixes, result.fixes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noNfkcRows")
    void normalizesWithoutNfkc(String what, String raw, String expectedText, Set<TextFix> expectedFixes) {
        NormalizedText result = withoutNfkc.normalize(raw);
        assertEquals(expectedText, result.text());
        assertEquals(expectedFixes, result.fixes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"nfkcRows", "noNfkcRows"})
    void outputIsAFixedPoint(String what, String raw) {
        for (TextNormalizer normalizer : List.of(withNfkc, withoutNfkc)) {
            String once = normalizer.normalize(raw).text();
            NormalizedText twice = normalizer.normalize(once);
            assertEquals(once, twice.text());
            assertEquals(0, twice.fixMask());
        }
    }

    @Test
    void cleanAsciiIsReturnedWithoutCopying() {
        String clean = "A man is riding a bike.";
        assertSame(clean, withNfkc.normalize(clean).text());
    }

    @Test
    void reportsItsConfiguration() {
        assertTrue(withNfkc.nfkc());
        assertFalse(withoutNfkc.nfkc());
        assertEquals("TextNormalizer[nfkc=true]", withNfkc.toString());
        assertEquals("TextNormalizer[nfkc=false]", withoutNfkc.toString());
    }

    @Test
    void normalizedTextExposesFixesAsMaskAndSet() {
        NormalizedText text = new NormalizedText("x", TextFix.NFKC.mask() | TextFix.BOM.mask());
        assertEquals(0b10001, text.fixMask());
        assertEquals(EnumSet.of(TextFix.BOM, TextFix.NFKC), text.fixes());
        assertEquals(List.of(TextFix.BOM, TextFix.NFKC), List.copyOf(text.fixes()));
        assertTrue(text.has(TextFix.BOM));
        assertFalse(text.has(TextFix.WHITESPACE));
        assertTrue(text.changed());
        assertFalse(new NormalizedText("x", 0).changed());
        assertThrows(UnsupportedOperationException.class, () -> text.fixes().add(TextFix.CONTROL));
    }

    @Test
    void normalizedTextRejectsUnknownBits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NormalizedText("x", 1 << 6));
        assertEquals("fixMask has bits outside the 6 TextFix values: 1000000", e.getMessage());
    }

    private static Arguments row(String what, String raw, String expectedText, String expectedFixes) {
        EnumSet<TextFix> fixes = EnumSet.noneOf(TextFix.class);
        for (String name : expectedFixes.split(" ")) {
            if (!name.isEmpty()) {
                fixes.add(TextFix.valueOf(name));
            }
        }
        return Arguments.of(what, raw, expectedText, fixes);
    }
}
