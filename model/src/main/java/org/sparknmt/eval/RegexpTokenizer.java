package org.sparknmt.eval;

import java.util.regex.Pattern;

/**
 * sacreBLEU's {@code TokenizerRegexp} ({@code tokenizer_re.py}), the mteval-v13a punctuation rules shared by the
 * {@code 13a} and {@code zh} tokenizers. Applied in order, each a left-to-right replace-all of non-overlapping
 * matches (Python's {@code re.sub} and Java's {@code replaceAll} agree on that):
 * <ol>
 *   <li>space around each ASCII symbol {@code { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /}
 *       (not the apostrophe, comma, hyphen, period, digits or letters);</li>
 *   <li>period or comma after a non-digit: {@code "x." -> "x . "};</li>
 *   <li>period or comma before a non-digit: {@code ".x" -> " . x"};</li>
 *   <li>hyphen after a digit: {@code "3-" -> "3 - "};</li>
 * </ol>
 * then whitespace runs collapse to one space and the ends are trimmed (Python whitespace).
 */
final class RegexpTokenizer {
    private static final Pattern SYMBOL = Pattern.compile("([\\x7B-\\x7E\\x5B-\\x60\\x20-\\x26\\x28-\\x2B\\x3A-\\x40/])");
    private static final Pattern PERIOD_COMMA_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([.,])");
    private static final Pattern PERIOD_COMMA_BEFORE_NON_DIGIT = Pattern.compile("([.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    private RegexpTokenizer() {
    }

    static String tokenize(String line) {
        String s = SYMBOL.matcher(line).replaceAll(" $1 ");
        s = PERIOD_COMMA_AFTER_NON_DIGIT.matcher(s).replaceAll("$1 $2 ");
        s = PERIOD_COMMA_BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1 $2");
        s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
        return PyStr.normalizeSpaces(s);
    }
}
