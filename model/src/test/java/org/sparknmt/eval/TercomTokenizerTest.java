package org.sparknmt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TER's tokenizer with each option. Each expected output is what sacreBLEU 2.6.0's own {@code TercomTokenizer}
 * returned for the input and options.
 */
class TercomTokenizerTest {
    private static final String MIXED = "He's at Tom's: \"3.5, OK?\" (1-2) &amp; &lt;b&gt;";
    private static final String JA = "東京は「首都」です。ひらがな";
    private static final String ZH = "我爱北京！（你好）";
    private static final String LINES = "The DOG's bone.\n-x";

    private static TerOptions options(String flags) {
        return new TerOptions(flags.contains("case"), flags.contains("norm"), flags.contains("nopunct"),
                flags.contains("asian"));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // by default: lower-cased, split on whitespace only
                Arguments.of("", MIXED, "he's at tom's: \"3.5, ok?\" (1-2) &amp; &lt;b&gt;"),
                Arguments.of("", LINES, "the dog's bone. -x"),
                Arguments.of("case", MIXED, "He's at Tom's: \"3.5, OK?\" (1-2) &amp; &lt;b&gt;"),
                Arguments.of("norm", MIXED, "he 's at tom 's : \" 3.5 , ok ? \" ( 1 - 2 ) & < b >"),
                // "\n-" is deleted (joining "bone." and "x"), then the period splits off
                Arguments.of("norm", LINES, "the dog 's bone . x"),
                Arguments.of("norm", JA, JA),
                Arguments.of("nopunct", MIXED, "he's at tom's 35 ok 1-2 &amp &ltb&gt"),
                Arguments.of("nopunct", LINES, "the dog's bone -x"),
                // asian support alone changes nothing; with normalization, CJK characters and punctuation split
                Arguments.of("asian", ZH, ZH),
                Arguments.of("norm asian", JA, "東 京 は 「 首 都 」 です 。 ひらがな"),
                Arguments.of("norm asian", ZH, "我 爱 北 京 ！ （ 你 好 ）"),
                Arguments.of("norm asian", "ひらがな", "ひらがな"),
                Arguments.of("norm asian nopunct", MIXED, "he 's at tom 's 35 ok 1 - 2 & < b >"),
                Arguments.of("norm asian nopunct", JA, "東 京 は 首 都 です ひらがな"),
                Arguments.of("norm asian nopunct", ZH, "我 爱 北 京 你 好"),
                Arguments.of("norm", "", ""));
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @MethodSource("cases")
    void tokenizesAsSacreBleu(String flags, String input, String expected) {
        assertEquals(expected, TercomTokenizer.tokenize(input, options(flags)));
    }
}
