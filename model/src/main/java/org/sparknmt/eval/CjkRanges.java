package org.sparknmt.eval;

/**
 * Which characters sacreBLEU's {@code zh} tokenizer ({@code tokenizer_zh.py}, {@code _UCODE_RANGES}) puts spaces
 * around. The table is sacreBLEU's, in its order, with one faithful quirk. Two of its entries are meant as CJK
 * Extension B (U+20000..U+2A6D6) and the Compatibility Supplement (U+2F800..U+2FA1D), but are written as Python
 * escapes with five hex digits (<code>u'&#92;u20000'</code>, <code>u'&#92;u2a6d6'</code>, <code>u'&#92;u2f800'</code>,
 * <code>u'&#92;u2fa1d'</code>). Such an escape takes exactly four hex digits, so each bound is a two-character string
 * (U+2000 then '0', U+2A6D then '6', ...), and sacreBLEU's {@code start <= ch <= end} compares a one-character
 * string with them lexicographically. The effective ranges are therefore U+2001..U+2A6D (all of General Punctuation
 * from U+2001 on: dashes, curly quotes, the ellipsis; currency signs, arrows, maths symbols, ...) and U+2F81..U+2FA1,
 * while supplementary characters (the real Extension B) are never separated. sacreBLEU's scores depend on this, so
 * it is reproduced, not fixed.
 */
final class CjkRanges {
    /** Inclusive [start, end] code point ranges, as sacreBLEU effectively applies them. */
    private static final int[][] RANGES = {
        {0x3400, 0x4DB5}, // CJK Unified Ideographs Extension A, release 3.0
        {0x4E00, 0x9FA5}, // CJK Unified Ideographs, release 1.1
        {0x9FA6, 0x9FBB}, // CJK Unified Ideographs, release 4.1
        {0xF900, 0xFA2D}, // CJK Compatibility Ideographs, release 1.1
        {0xFA30, 0xFA6A}, // CJK Compatibility Ideographs, release 3.2
        {0xFA70, 0xFAD9}, // CJK Compatibility Ideographs, release 4.1
        {0x2001, 0x2A6D}, // meant as U+20000..U+2A6D6 (Extension B); see the class comment
        {0x2F81, 0x2FA1}, // meant as U+2F800..U+2FA1D (Compatibility Supplement); see the class comment
        {0xFF00, 0xFFEF}, // full-width ASCII and punctuation, half-width katakana, Hangul
        {0x2E80, 0x2EFF}, // CJK Radicals Supplement
        {0x3000, 0x303F}, // CJK symbols and punctuation
        {0x31C0, 0x31EF}, // CJK strokes
        {0x2F00, 0x2FDF}, // Kangxi Radicals
        {0x2FF0, 0x2FFF}, // Ideographic Description Characters
        {0x3100, 0x312F}, // Bopomofo
        {0x31A0, 0x31BF}, // Bopomofo Extended
        {0xFE10, 0xFE1F}, // vertical forms
        {0xFE30, 0xFE4F}, // CJK compatibility forms
        {0x2600, 0x26FF}, // miscellaneous symbols
        {0x2700, 0x27BF}, // dingbats
        {0x3200, 0x32FF}, // enclosed CJK letters and months
        {0x3300, 0x33FF}, // CJK compatibility
    };

    private CjkRanges() {
    }

    /** True if sacreBLEU's {@code zh} tokenizer treats the code point as a Chinese character. */
    static boolean isChinese(int codePoint) {
        for (int[] range : RANGES) {
            if (codePoint >= range[0] && codePoint <= range[1]) {
                return true;
            }
        }
        return false;
    }
}
