package org.sparknmt.eval;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few Python {@code str} operations sacreBLEU relies on, with Python's exact rules. Python's whitespace
 * ({@code str.isspace}, used by argument-less {@code split()}, {@code strip()} and {@code rstrip()}) is wider than
 * Java's {@link Character#isWhitespace}: it includes NBSP, U+0085, U+2007, U+202F and the file/group/record/unit
 * separators U+001C..U+001F. All of these characters are in the BMP, so scanning {@code char}s is exact.
 */
final class PyStr {
    private static final char CAPITAL_SIGMA = '\u03A3'; // Σ
    private static final char SMALL_SIGMA = '\u03C3'; // σ
    private static final char SMALL_FINAL_SIGMA = '\u03C2'; // ς

    private PyStr() {
    }

    /** Python's {@code str.isspace()} for one character (category Zs, or bidi class WS, B or S). */
    static boolean isSpace(char c) {
        if (c <= 0x20) {
            return c == 0x20 || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
        }
        if (c < 0x85) {
            return false;
        }
        return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** Python's {@code s.split()}: the non-empty runs between whitespace. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** Python's {@code ' '.join(s.split())}. */
    static String normalizeSpaces(String s) {
        return String.join(" ", split(s));
    }

    /** Python's {@code ''.join(s.split())}: every whitespace character removed. */
    static String removeSpaces(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isSpace(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Python's {@code s.rstrip()}. */
    static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Python's {@code s.strip()}. */
    static String strip(String s) {
        String r = rstrip(s);
        int start = 0;
        while (start < r.length() && isSpace(r.charAt(start))) {
            start++;
        }
        return r.substring(start);
    }

    /**
     * Python's {@code s.lower()}: full, locale-independent Unicode lower-casing (so 'I' never becomes dotless 'ı' and
     * 'İ' becomes "i̇"), as {@link String#toLowerCase(Locale)} with {@link Locale#ROOT} does, except for the one
     * context-dependent mapping: capital sigma. Java decides final sigma by word boundaries, skipping any uncased
     * character inside the word ("Z2Σ" gives "z2ς"); Python follows Unicode's Final_Sigma condition literally: a
     * cased letter before it, skipping only case-ignorable characters, and none after it ("Z2Σ" gives "z2σ").
     */
    static String lower(String s) {
        int sigma = s.indexOf(CAPITAL_SIGMA);
        if (sigma < 0) {
            return s.toLowerCase(Locale.ROOT);
        }
        StringBuilder sb = new StringBuilder(s.length());
        int from = 0;
        while (sigma >= 0) {
            sb.append(s.substring(from, sigma).toLowerCase(Locale.ROOT));
            sb.append(isFinalSigma(s, sigma) ? SMALL_FINAL_SIGMA : SMALL_SIGMA);
            from = sigma + 1;
            sigma = s.indexOf(CAPITAL_SIGMA, from);
        }
        return sb.append(s.substring(from).toLowerCase(Locale.ROOT)).toString();
    }

    /** Python's Final_Sigma test: \p{cased} \p{case-ignorable}* SIGMA !(\p{case-ignorable}* \p{cased}). */
    private static boolean isFinalSigma(String s, int index) {
        int i = index;
        int before = -1;
        while (i > 0) {
            int cp = s.codePointBefore(i);
            if (!UCharacter.hasBinaryProperty(cp, UProperty.CASE_IGNORABLE)) {
                before = cp;
                break;
            }
            i -= Character.charCount(cp);
        }
        if (before < 0 || !UCharacter.hasBinaryProperty(before, UProperty.CASED)) {
            return false;
        }
        int j = index + 1;
        while (j < s.length()) {
            int cp = s.codePointAt(j);
            if (!UCharacter.hasBinaryProperty(cp, UProperty.CASE_IGNORABLE)) {
                return !UCharacter.hasBinaryProperty(cp, UProperty.CASED);
            }
            j += Character.charCount(cp);
        }
        return true;
    }
}
