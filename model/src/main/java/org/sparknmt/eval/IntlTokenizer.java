package org.sparknmt.eval;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;

/**
 * sacreBLEU's {@code intl} tokenizer ({@code TokenizerV14International}, {@code tokenizer_intl.py}, after
 * mteval-v14.pl's international tokenization). Three substitutions with Unicode general categories, each a
 * left-to-right replace-all of non-overlapping matches, as Python's {@code regex.sub} does:
 * <ol>
 *   <li>{@code (\P{N})(\p{P})} becomes {@code "$1 $2 "}: punctuation after a non-number;</li>
 *   <li>{@code (\p{P})(\P{N})} becomes {@code " $1 $2"}: punctuation before a non-number;</li>
 *   <li>{@code (\p{S})} becomes {@code " $1 "}: every symbol;</li>
 * </ol>
 * then whitespace runs collapse to one space and the ends are trimmed (Python whitespace). A number followed by a
 * final period ("in 1969.") keeps the period, as in mteval-v14.pl and sacreBLEU.
 *
 * <p>P, S and N are the general category groups (P = Pc Pd Ps Pe Pi Pf Po, S = Sm Sc Sk So, N = Nd Nl No) read from
 * ICU4J, not from {@code java.util.regex}: Java 17's tables are Unicode 13.0 and lack 300 punctuation, symbol and
 * number characters of Unicode 14 and 15 that Python's {@code regex} module knows. ICU4J 76 (Unicode 16.0) agrees
 * with {@code regex} 2022.10.31 (Unicode 15.0, the one the test vectors were made with) on every code point that
 * Unicode 15.0 assigns; they differ only on the 837 characters Unicode 15.1 and 16.0 added, where ICU4J agrees with
 * the {@code regex} releases that know them.
 */
final class IntlTokenizer {
    private IntlTokenizer() {
    }

    static String tokenize(String line) {
        int[] cps = line.codePoints().toArray();
        StringBuilder sb = new StringBuilder(line.length() * 2);
        for (int i = 0; i < cps.length; i++) { // (\P{N})(\p{P}) -> "$1 $2 "
            if (i + 1 < cps.length && !isNumber(cps[i]) && isPunctuation(cps[i + 1])) {
                sb.appendCodePoint(cps[i]).append(' ').appendCodePoint(cps[++i]).append(' ');
            } else {
                sb.appendCodePoint(cps[i]);
            }
        }
        cps = sb.toString().codePoints().toArray();
        sb.setLength(0);
        for (int i = 0; i < cps.length; i++) { // (\p{P})(\P{N}) -> " $1 $2"
            if (i + 1 < cps.length && isPunctuation(cps[i]) && !isNumber(cps[i + 1])) {
                sb.append(' ').appendCodePoint(cps[i]).append(' ').appendCodePoint(cps[++i]);
            } else {
                sb.appendCodePoint(cps[i]);
            }
        }
        cps = sb.toString().codePoints().toArray();
        sb.setLength(0);
        for (int cp : cps) { // (\p{S}) -> " $1 "
            if (isSymbol(cp)) {
                sb.append(' ').appendCodePoint(cp).append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return PyStr.normalizeSpaces(sb.toString());
    }

    /** {@code \p{P}}. */
    static boolean isPunctuation(int cp) {
        return switch (UCharacter.getType(cp)) {
            case UCharacterCategory.CONNECTOR_PUNCTUATION, UCharacterCategory.DASH_PUNCTUATION,
                    UCharacterCategory.START_PUNCTUATION, UCharacterCategory.END_PUNCTUATION,
                    UCharacterCategory.INITIAL_PUNCTUATION, UCharacterCategory.FINAL_PUNCTUATION,
                    UCharacterCategory.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** {@code \p{S}}. */
    static boolean isSymbol(int cp) {
        return switch (UCharacter.getType(cp)) {
            case UCharacterCategory.MATH_SYMBOL, UCharacterCategory.CURRENCY_SYMBOL,
                    UCharacterCategory.MODIFIER_SYMBOL, UCharacterCategory.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** {@code \p{N}}. */
    static boolean isNumber(int cp) {
        return switch (UCharacter.getType(cp)) {
            case UCharacterCategory.DECIMAL_DIGIT_NUMBER, UCharacterCategory.LETTER_NUMBER,
                    UCharacterCategory.OTHER_NUMBER -> true;
            default -> false;
        };
    }
}
