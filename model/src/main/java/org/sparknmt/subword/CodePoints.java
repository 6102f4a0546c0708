package org.sparknmt.subword;

import java.util.ArrayList;
import java.util.List;

/**
 * Code-point helpers shared by the learner and the model. BPE works on Unicode code points, not UTF-16 units, so a
 * surrogate pair (an emoji, a rare CJK ideograph) is one symbol and symbols order as Python's {@code str} does.
 */
final class CodePoints {
    private CodePoints() {
    }

    /** The code points of {@code text}, each as its own string, in order. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>(text.length());
        int i = 0;
        while (i < text.length()) {
            int next = text.offsetByCodePoints(i, 1);
            out.add(text.substring(i, next));
            i = next;
        }
        return out;
    }

    /**
     * Orders strings by code point, like Python compares {@code str}. {@link String#compareTo} compares UTF-16 units
     * instead and disagrees when a supplementary character meets one in U+E000..U+FFFF.
     */
    static int compare(String a, String b) {
        int i = 0;
        int n = Math.min(a.length(), b.length());
        while (i < n) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(i);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
        }
        return Integer.compare(a.length(), b.length());
    }

    /** True when {@code text} holds a code point for which {@link Character#isWhitespace(int)} is true. */
    static boolean hasWhitespace(String text) {
        return text.codePoints().anyMatch(Character::isWhitespace);
    }
}
