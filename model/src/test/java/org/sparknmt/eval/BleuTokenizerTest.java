package org.sparknmt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The tokenizers on hand-written strings; expected outputs follow sacreBLEU's rules, derived by hand. */
class BleuTokenizerTest {

    static Stream<Arguments> thirteenA() {
        return Stream.of(
                // symbols split off; comma/period split when next to a non-digit
                Arguments.of("Hello, world!", "Hello , world !"),
                // $ and ? are symbols; the apostrophe is not; 3.50 keeps its digit-surrounded period
                Arguments.of("It costs $3.50, isn't it?", "It costs $ 3.50 , isn't it ?"),
                // periods/commas between digits stay; a hyphen after a digit splits
                Arguments.of("1,000.5-2", "1,000.5 - 2"),
                Arguments.of("well-known a-3 2-3", "well-known a-3 2 - 3"),
                // entities unescaped (case-sensitive, in order), then their symbols split
                Arguments.of("&quot;Tom&quot; &amp; Jerry &lt;3 &gt;", "\" Tom \" & Jerry < 3 >"),
                Arguments.of("&amp;lt;", "<"),
                Arguments.of("&AMP;", "& AMP ;"),
                Arguments.of("<skipped> word", "word"),
                Arguments.of("end-\nline and\nnext", "endline and next"),
                Arguments.of("etc.", "etc ."),
                // the line is padded with spaces, so a leading period follows a non-digit (the space)
                Arguments.of(".5 percent", ". 5 percent"),
                // re.sub matches do not overlap: the second period is split by the third rule
                Arguments.of("a..b", "a . . b"),
                Arguments.of("Mr. Smith, Ph.D., paid 1.5 M. 3,5", "Mr . Smith , Ph . D . , paid 1.5 M . 3,5"),
                Arguments.of("x_y {z} [w] ~v| ^u` @t #s %r *q +p =o :n ;m /l \\k",
                        "x _ y { z } [ w ] ~ v | ^ u ` @ t # s % r * q + p = o : n ; m / l \\ k"),
                // non-ASCII punctuation is untouched by 13a
                Arguments.of("“Hi” – …", "“Hi” – …"),
                // Python whitespace (NBSP, figure space) separates tokens; the zero-width space does not
                Arguments.of("a\u00a0b\u2007c\u200bd", "a b c\u200bd"),
                Arguments.of("", ""),
                Arguments.of("   ", ""));
    }

    @ParameterizedTest
    @MethodSource("thirteenA")
    void thirteenAFollowsMteval(String input, String expected) {
        assertEquals(expected, BleuTokenizer.MTEVAL_13A.tokenize(input));
    }

    static Stream<Arguments> zh() {
        return Stream.of(
                Arguments.of("我爱北京天安门。", "我 爱 北 京 天 安 门 。"),
                // the rest gets the 13a regex rules
                Arguments.of("他有3.5个苹果, OK?", "他 有 3.5 个 苹 果 , OK ?"),
                // sacreBLEU's table quirk: U+2001..U+2A6D count as Chinese (curly quotes, ellipsis)
                Arguments.of("“你好”…", "“ 你 好 ” …"),
                Arguments.of("我\u200b你", "我 \u200b 你"),
                // full-width forms, dingbats, enclosed CJK, CJK compatibility
                Arguments.of("ＡＢＣ", "Ａ Ｂ Ｃ"),
                Arguments.of("Ｈｅｌｌｏ，世界！", "Ｈ ｅ ｌ ｌ ｏ ， 世 界 ！"),
                Arguments.of("☺✂㈠㍱", "☺ ✂ ㈠ ㍱"),
                // a supplementary ideograph (U+20000) is not separated: the table never matches one
                Arguments.of("a\uD840\uDC00b", "a\uD840\uDC00b"),
                // no entity unescaping, no padding
                Arguments.of("&amp;", "& amp ;"),
                Arguments.of(".5", ".5"),
                Arguments.of("  北京 ", "北 京"),
                Arguments.of("abc-1 2-3 x.y", "abc-1 2 - 3 x . y"));
    }

    @ParameterizedTest
    @MethodSource("zh")
    void zhSeparatesChineseCharacters(String input, String expected) {
        assertEquals(expected, BleuTokenizer.ZH.tokenize(input));
    }

    @Test
    void noneLeavesTheLineAlone() {
        assertEquals("Hello, world! ", BleuTokenizer.NONE.tokenize("Hello, world! "));
    }

    @Test
    void cjkTableHasSacreBleusEffectiveBounds() {
        assertFalse(CjkRanges.isChinese(0x2000));
        assertTrue(CjkRanges.isChinese(0x2001));
        assertTrue(CjkRanges.isChinese(0x2A6D));
        assertFalse(CjkRanges.isChinese(0x2A6E));
        assertFalse(CjkRanges.isChinese(0x20000));
        assertFalse(CjkRanges.isChinese(0x2A6D6));
        assertFalse(CjkRanges.isChinese(0x2F800));
        assertTrue(CjkRanges.isChinese(0x3400));
        assertTrue(CjkRanges.isChinese(0x4DB5));
        assertFalse(CjkRanges.isChinese(0x4DB6));
        assertTrue(CjkRanges.isChinese(0x9FBB));
        assertFalse(CjkRanges.isChinese(0x9FBC));
        assertFalse(CjkRanges.isChinese(0xFA2E));
        assertFalse(CjkRanges.isChinese('a'));
        assertFalse(CjkRanges.isChinese(0x3040)); // hiragana is not in the table
    }

    @Test
    void namesAreSacreBleus() {
        assertEquals("13a", BleuTokenizer.MTEVAL_13A.sacreBleuName());
        assertEquals(BleuTokenizer.ZH, BleuTokenizer.fromName("zh"));
        assertEquals(BleuTokenizer.MTEVAL_13A, BleuTokenizer.fromName("13A"));
        assertEquals(BleuTokenizer.NONE, BleuTokenizer.fromName("none"));
        assertEquals(BleuTokenizer.INTL, BleuTokenizer.fromName("intl"));
        assertEquals(BleuTokenizer.CHAR, BleuTokenizer.fromName("Char"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BleuTokenizer.fromName("ja-mecab"));
        assertTrue(e.getMessage().contains("ja-mecab") && e.getMessage().contains("13a, zh, none, intl, char"),
                e.getMessage());
    }
}
