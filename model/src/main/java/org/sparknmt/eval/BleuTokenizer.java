package org.sparknmt.eval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The BLEU tokenizers of sacreBLEU 2.x, reproduced rule for rule. Each returns the tokens of one segment joined by
 * single spaces; BLEU then splits on Python whitespace. Stateless and thread-safe.
 */
public enum BleuTokenizer {
    /**
     * {@code 13a} (sacreBLEU's default, {@code Tokenizer13a}: mteval-v13a.pl): removes {@code <skipped>}, joins
     * {@code "-\n"}, turns other newlines into spaces, unescapes {@code &quot; &amp; &lt; &gt;} (in that order),
     * pads the line with a space on each side and applies {@link RegexpTokenizer}'s rules.
     */
    MTEVAL_13A("13a") {
        @Override
        public String tokenize(String line) {
            String s = line.replace("<skipped>", "");
            s = s.replace("-\n", "");
            s = s.replace("\n", " ");
            if (s.indexOf('&') >= 0) {
                s = s.replace("&quot;", "\"");
                s = s.replace("&amp;", "&");
                s = s.replace("&lt;", "<");
                s = s.replace("&gt;", ">");
            }
            return RegexpTokenizer.tokenize(" " + s + " ");
        }
    },
    /**
     * {@code zh} ({@code TokenizerZh}): strips the line, puts a space on each side of every character in
     * {@link CjkRanges} and applies {@link RegexpTokenizer}'s rules to the result (no 13a unescaping, no padding).
     */
    ZH("zh") {
        @Override
        public String tokenize(String line) {
            String s = PyStr.strip(line);
            StringBuilder sb = new StringBuilder(s.length() * 2);
            s.codePoints().forEach(cp -> {
                if (CjkRanges.isChinese(cp)) {
                    sb.append(' ').appendCodePoint(cp).append(' ');
                } else {
                    sb.appendCodePoint(cp);
                }
            });
            return RegexpTokenizer.tokenize(sb.toString());
        }
    },
    /** {@code none}: the line unchanged (BLEU still splits it on whitespace). */
    NONE("none") {
        @Override
        public String tokenize(String line) {
            return line;
        }
    },
    /**
     * {@code intl} ({@code TokenizerV14International}, mteval-v14.pl's international tokenization): punctuation and
     * symbols split off by Unicode category, see {@link IntlTokenizer}. No 13a unescaping, no padding.
     */
    INTL("intl") {
        @Override
        public String tokenize(String line) {
            return IntlTokenizer.tokenize(line);
        }
    },
    /**
     * {@code char} ({@code TokenizerChar}): every character (code point, as Python iterates a string) becomes a
     * token; whitespace characters become tokens too, and BLEU's whitespace split then drops them.
     */
    CHAR("char") {
        @Override
        public String tokenize(String line) {
            StringBuilder sb = new StringBuilder(line.length() * 2);
            line.codePoints().forEach(cp -> {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.appendCodePoint(cp);
            });
            return sb.toString();
        }
    };

    private final String sacreBleuName;

    BleuTokenizer(String sacreBleuName) {
        this.sacreBleuName = sacreBleuName;
    }

    /** Tokenizes one segment (already lower-cased and right-stripped when BLEU calls it). */
    public abstract String tokenize(String line);

    /** The name sacreBLEU uses on its command line ({@code --tokenize}) and in the signature's {@code tok:} field. */
    @JsonValue
    public String sacreBleuName() {
        return sacreBleuName;
    }

    /** The sacreBLEU names of all tokenizers, comma-separated, for messages and help: "13a, zh, none, intl, char". */
    public static String names() {
        return Arrays.stream(values()).map(BleuTokenizer::sacreBleuName).collect(Collectors.joining(", "));
    }

    /** The tokenizer with the given sacreBLEU name ("13a", "zh", "none", "intl", "char"); case-insensitive. */
    @JsonCreator
    public static BleuTokenizer fromName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (BleuTokenizer t : values()) {
            if (t.sacreBleuName.equals(wanted)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown BLEU tokenizer '" + name + "'; allowed: " + names());
    }
}
