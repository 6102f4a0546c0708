package org.sparknmt.eval;

import java.util.regex.Pattern;

/**
 * sacreBLEU's {@code TercomTokenizer} ({@code tokenizer_ter.py}, after Tercom's {@code Normalizer.java}): lower-cases
 * unless case-sensitive; with {@code normalized}, applies the Western rules (join lines, unescape four XML entities,
 * pad with spaces, split off ASCII symbols, split off {@code 's}, split periods and commas next to non-digits,
 * split a hyphen after a digit) and, with {@code asianSupport}, splits CJK characters and CJK punctuation; with
 * {@code noPunct}, deletes {@code . , ? : ; ! " ( )} (and, with {@code asianSupport}, CJK and full-width
 * punctuation); then collapses whitespace. The patterns are sacreBLEU's, compiled with {@link Pattern#UNIX_LINES}
 * so that {@code $} means what it means in Python (end, or before a final {@code '\n'}).
 */
final class TercomTokenizer {
    private static final String ASIAN_PUNCT = "([\\u3001\\u3002\\u3008-\\u3011\\u3014-\\u301f\\uff61-\\uff65\\u30fb])";
    private static final String FULL_WIDTH_PUNCT = "([\\uff0e\\uff0c\\uff1f\\uff1a\\uff1b\\uff01\\uff02\\uff08\\uff09])";

    private static final Rule[] WESTERN = {
        new Rule("\\n-", ""), // sacreBLEU's "strip end-of-line hyphenation", as written
        new Rule("\\n", " "),
        new Rule("&quot;", "\""),
        new Rule("&amp;", "&"),
        new Rule("&lt;", "<"),
        new Rule("&gt;", ">"),
    };
    private static final Rule[] WESTERN_PADDED = {
        new Rule("([{-~\\[-` -&(-+:-@/])", " $1 "),
        new Rule("'s ", " 's "),
        new Rule("'s$", " 's"),
        new Rule("([^0-9])([\\.,])", "$1 $2 "),
        new Rule("([\\.,])([^0-9])", " $1 $2"),
        new Rule("([0-9])(-)", "$1 $2 "),
    };
    private static final Rule[] ASIAN = {
        new Rule("([\\u4e00-\\u9fff\\u3400-\\u4dbf])", " $1 "),
        new Rule("([\\u31c0-\\u31ef\\u2e80-\\u2eff])", " $1 "),
        new Rule("([\\u3300-\\u33ff\\uf900-\\ufaff\\ufe30-\\ufe4f])", " $1 "),
        new Rule("([\\u3200-\\u3f22])", " $1 "),
        // hiragana, katakana, katakana extensions: sacreBLEU's patterns, which can only match a whole line
        new Rule("(^|^[\\u3040-\\u309f])([\\u3040-\\u309f]+)(?=$|^[\\u3040-\\u309f])", "$1 $2 "),
        new Rule("(^|^[\\u30a0-\\u30ff])([\\u30a0-\\u30ff]+)(?=$|^[\\u30a0-\\u30ff])", "$1 $2 "),
        new Rule("(^|^[\\u31f0-\\u31ff])([\\u31f0-\\u31ff]+)(?=$|^[\\u31f0-\\u31ff])", "$1 $2 "),
        new Rule(ASIAN_PUNCT, " $1 "),
        new Rule(FULL_WIDTH_PUNCT, " $1 "),
    };
    private static final Rule[] PUNCT = {new Rule("[\\.,\\?:;!\\\"\\(\\)]", "")};
    private static final Rule[] ASIAN_PUNCT_RULES = {new Rule(ASIAN_PUNCT, ""), new Rule(FULL_WIDTH_PUNCT, "")};

    /** One {@code re.sub(pattern, replacement, s)}. */
    private record Rule(Pattern pattern, String replacement) {
        Rule(String regex, String replacement) {
            this(Pattern.compile(regex, Pattern.UNIX_LINES), replacement);
        }
    }

    private TercomTokenizer() {
    }

    /** The tokens of one segment (already right-stripped) joined by single spaces. */
    static String tokenize(String sentence, TerOptions options) {
        if (sentence.isEmpty()) {
            return "";
        }
        String s = options.caseSensitive() ? sentence : PyStr.lower(sentence);
        if (options.normalized()) {
            s = " " + apply(WESTERN, s) + " ";
            s = apply(WESTERN_PADDED, s);
            if (options.asianSupport()) {
                s = apply(ASIAN, s);
            }
        }
        if (options.noPunct()) {
            s = apply(PUNCT, s);
            if (options.asianSupport()) {
                s = apply(ASIAN_PUNCT_RULES, s);
            }
        }
        return PyStr.normalizeSpaces(s);
    }

    private static String apply(Rule[] rules, String s) {
        for (Rule r : rules) {
            s = r.pattern.matcher(s).replaceAll(r.replacement);
        }
        return s;
    }
}
