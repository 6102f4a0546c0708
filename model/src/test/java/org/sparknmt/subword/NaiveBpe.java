package org.sparknmt.subword;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference BPE learner for tests: recounts every pair after every merge, the way the algorithm is defined.
 * Independent of the production code's helpers.
 */
final class NaiveBpe {
    private NaiveBpe() {
    }

    static List<Merge> learn(Map<String, Long> wordCounts, int numMerges, int minFrequency) {
        List<List<String>> words = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        wordCounts.forEach((word, count) -> {
            List<String> symbols = new ArrayList<>(word.codePoints().mapToObj(Character::toString).toList());
            symbols.set(symbols.size() - 1, symbols.get(symbols.size() - 1) + "</w>");
            words.add(symbols);
            counts.add(count);
        });
        List<Merge> merges = new ArrayList<>();
        while (merges.size() < numMerges) {
            Map<List<String>, Long> stats = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<String> s = words.get(w);
                for (int i = 0; i + 1 < s.size(); i++) {
                    stats.merge(List.of(s.get(i), s.get(i + 1)), counts.get(w), Long::sum);
                }
            }
            List<String> best = null;
            long bestCount = 0;
            for (Map.Entry<List<String>, Long> e : stats.entrySet()) {
                if (best == null || e.getValue() > bestCount
                        || (e.getValue() == bestCount && greater(e.getKey(), best))) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            if (best == null || bestCount < minFrequency) {
                break;
            }
            merges.add(new Merge(best.get(0), best.get(1)));
            for (int w = 0; w < words.size(); w++) {
                List<String> s = words.get(w);
                List<String> out = new ArrayList<>();
                int i = 0;
                while (i < s.size()) {
                    if (i + 1 < s.size() && s.get(i).equals(best.get(0)) && s.get(i + 1).equals(best.get(1))) {
                        out.add(best.get(0) + best.get(1));
                        i += 2;
                    } else {
                        out.add(s.get(i++));
                    }
                }
                words.set(w, out);
            }
        }
        return merges;
    }

    private static boolean greater(List<String> a, List<String> b) {
        int c = Arrays.compare(a.get(0).codePoints().toArray(), b.get(0).codePoints().toArray());
        if (c == 0) {
            c = Arrays.compare(a.get(1).codePoints().toArray(), b.get(1).codePoints().toArray());
        }
        return c > 0;
    }
}
