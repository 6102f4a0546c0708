package org.sparknmt.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * N-gram counting as sacreBLEU's {@code metrics/helpers.py} does it. Word n-grams are keyed by their tokens joined
 * with one space, which is unambiguous because tokens never contain whitespace. Character n-grams are over code
 * points (Python indexes strings by code point), so a character outside the BMP is one character.
 */
final class Ngrams {
    private Ngrams() {
    }

    /** Counts of the word n-grams of order {@code n}. */
    static Map<String, Integer> words(List<String> tokens, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            String key = n == 1 ? tokens.get(i) : String.join(" ", tokens.subList(i, i + n));
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    /** Counts of the character n-grams of order {@code n} of a string given as code points. */
    static Map<String, Integer> chars(int[] codePoints, int n) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= codePoints.length; i++) {
            counts.merge(new String(codePoints, i, n), 1, Integer::sum);
        }
        return counts;
    }

    /** Sum over the hypothesis n-grams of min(hypothesis count, reference count): the clipped matches. */
    static long clippedMatches(Map<String, Integer> hyp, Map<String, Integer> ref) {
        long matches = 0;
        for (Map.Entry<String, Integer> e : hyp.entrySet()) {
            Integer r = ref.get(e.getKey());
            if (r != null) {
                matches += Math.min(e.getValue(), r);
            }
        }
        return matches;
    }

    /** Sum of all counts. */
    static long total(Map<String, Integer> counts) {
        long total = 0;
        for (int c : counts.values()) {
            total += c;
        }
        return total;
    }
}
