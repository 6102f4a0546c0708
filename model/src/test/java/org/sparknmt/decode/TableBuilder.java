package org.sparknmt.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link TableScorer.Table} for one source from readable lines over the default vocabulary:
 * {@code on("A B", "C .6 EOS .4")} says that after history A B the next token is C with probability 0.6 and EOS with
 * 0.4. Tokens are named PAD UNK BOS EOS A B C D or given as numbers. Unnamed tokens get probability {@link #FLOOR};
 * histories without a line get the {@link #otherwise} distribution, or fail the test if there is none.
 * Log-probabilities are {@code (float) Math.log(p)}, as {@link TableScorer#lp(double)} gives them.
 */
final class TableBuilder {
    static final double FLOOR = 1e-9;
    private static final List<String> NAMES = List.of("PAD", "UNK", "BOS", "EOS", "A", "B", "C", "D");

    private final int vocabSize;
    private final Map<List<Integer>, float[]> entries = new HashMap<>();
    private float[] otherwise;

    TableBuilder() {
        this(TableScorer.VOCAB);
    }

    TableBuilder(int vocabSize) {
        this.vocabSize = vocabSize;
    }

    TableBuilder on(String history, String distribution) {
        entries.put(ids(history), parse(distribution));
        return this;
    }

    TableBuilder otherwise(String distribution) {
        otherwise = parse(distribution);
        return this;
    }

    TableScorer.Table build() {
        Map<List<Integer>, float[]> table = Map.copyOf(entries);
        float[] fallback = otherwise;
        return (source, history) -> {
            float[] dist = table.get(Arrays.stream(history).boxed().toList());
            if (dist == null) {
                if (fallback == null) {
                    throw new AssertionError("no table line for history " + Arrays.toString(history));
                }
                dist = fallback;
            }
            return dist.clone();
        };
    }

    /** The id of a token name or number. */
    static int id(String name) {
        int i = NAMES.indexOf(name);
        return i >= 0 ? i : Integer.parseInt(name);
    }

    /** The ids of a space-separated token list; "" is the empty list. */
    static List<Integer> ids(String tokens) {
        List<Integer> out = new ArrayList<>();
        for (String t : tokens.trim().split("\\s+")) {
            if (!t.isEmpty()) {
                out.add(id(t));
            }
        }
        return out;
    }

    private float[] parse(String distribution) {
        float[] dist = new float[vocabSize];
        Arrays.fill(dist, (float) Math.log(FLOOR));
        String[] parts = distribution.trim().split("\\s+");
        if (parts.length % 2 != 0) {
            throw new IllegalArgumentException("expected token/probability pairs: " + distribution);
        }
        for (int i = 0; i < parts.length; i += 2) {
            dist[id(parts[i])] = (float) Math.log(Double.parseDouble(parts[i + 1]));
        }
        return dist;
    }
}
