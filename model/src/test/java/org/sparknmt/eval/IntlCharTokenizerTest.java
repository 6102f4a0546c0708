package org.sparknmt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code intl} and {@code char} tokenizers on hand-written strings. Each expected output is what sacreBLEU
 * 2.6.0's own tokenizer returned for the input ({@code TokenizerV14International()(s)}, {@code TokenizerChar()(s)}).
 */
class IntlCharTokenizerTest {

    static Stream<Arguments> intl() {
        return Stream.of(
                Arguments.of("Hello, world!", "Hello , world !"),
                // mteval-v14's quirk: a number keeps a final period (the line is not padded)
                Arguments.of("It happened in 1969.", "It happened in 1969."),
                Arguments.of("1,000.5 and 3.14", "1,000.5 and 3.14"),
                // any Unicode punctuation (Ps, Pi, Pf, Po) and symbol (Sc) splits off
                Arguments.of("„Haben Sie 3,50 € dabei?“", "„ Haben Sie 3,50 € dabei ? “"),
                // an emoji and its skin-tone modifier are two symbols (So, Sk); the em dash is already spaced
                Arguments.of("Great job 👍🏽 — see you 😀.", "Great job 👍 🏽 — see you 😀 ."),
                // superscript two is a number (No), '+' and '=' are symbols (Sm)
                Arguments.of("x² + y² = z²", "x² + y² = z²"),
                Arguments.of("مرحبا، كيف حالك؟", "مرحبا ، كيف حالك ؟"),
                Arguments.of("यह किताब अच्छी है।", "यह किताब अच्छी है ।"),
                // no word segmentation: kana and kanji runs stay whole
                Arguments.of("東京は「首都」です。", "東京は 「 首都 」 です 。"),
                // the underscore is punctuation (Pc); ½, Ⅻ and Arabic-Indic three are numbers
                Arguments.of("a_b (c) [d] ½ Ⅻ ٣.", "a _ b ( c ) [ d ] ½ Ⅻ ٣."),
                Arguments.of("..a", ". . a"),
                Arguments.of("", ""),
                Arguments.of("   ", ""));
    }

    @ParameterizedTest
    @MethodSource("intl")
    void intlSplitsByUnicodeCategory(String input, String expected) {
        assertEquals(expected, BleuTokenizer.INTL.tokenize(input));
    }

    static Stream<Arguments> chars() {
        return Stream.of(
                // whitespace stays as a token of its own; BLEU's split drops it
                Arguments.of("我爱 你!", "我 爱   你 !"),
                Arguments.of("a b", "a   b"),
                // code points, not UTF-16 units: a supplementary character is one token
                Arguments.of("👍🏽x", "👍 🏽 x"),
                Arguments.of("", ""));
    }

    @ParameterizedTest
    @MethodSource("chars")
    void charMakesEveryCodePointAToken(String input, String expected) {
        assertEquals(expected, BleuTokenizer.CHAR.tokenize(input));
    }

    @Test
    void categoriesCoverCharactersNewerThanJava17() {
        // Unicode 14: U+061D Arabic end of text mark (Po), U+20C0 som sign (Sc); Java 17's regex knows neither
        assertTrue(IntlTokenizer.isPunctuation(0x061D));
        assertTrue(IntlTokenizer.isSymbol(0x20C0));
        assertTrue(IntlTokenizer.isNumber('٣'));
        assertFalse(IntlTokenizer.isNumber('a'));
        assertEquals("a \u061D b", BleuTokenizer.INTL.tokenize("a\u061Db"));
    }
}
