package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Which (sequence, step) cells of a padded batch are real, laid out as packed rows the way PyTorch packs sequences:
 * sequences ordered longest first, and step t's rows are the {@code counts[t]} sequences real at t, in that order,
 * starting at row {@code offsets[t]}. Padding then takes no rows, so no share of any matrix multiply. This needs
 * each sequence's real steps to be one run, and all runs to start at step 0 (post-padding) or all to end at the
 * last step (the same batch reversed, as DL4J's Bidirectional gives its backward layer); then the sequences real
 * at a step are always a prefix of that order. {@link #of} returns null for other masks.
 *
 * @param order     position k → sequence index, longest first (ties in batch order)
 * @param counts    real sequences per step
 * @param offsets   first packed row of each step
 * @param rows      packed rows in all, the number of real cells
 */
record Packing(int[] order, int[] counts, int[] offsets, int rows, int steps) {

    /** Mask {@code [mb, T]} (or null: nothing padded). */
    static Packing of(INDArray mask, int mb, int steps) {
        int[] start = new int[mb];
        int[] length = new int[mb];
        if (mask == null) {
            Arrays.fill(length, steps);
        } else {
            double[] m = mask.dup('c').reshape(mb * (long) steps).toDoubleVector();
            for (int b = 0; b < mb; b++) {
                int first = -1;
                int last = -1;
                for (int t = 0; t < steps; t++) {
                    if (m[b * steps + t] != 0) {
                        if (first < 0) {
                            first = t;
                        } else if (last != t - 1) {
                            return null; // a hole
                        }
                        last = t;
                    }
                }
                start[b] = first < 0 ? 0 : first;
                length[b] = first < 0 ? 0 : last - first + 1;
            }
        }
        boolean post = IntStream.range(0, mb).allMatch(b -> length[b] == 0 || start[b] == 0);
        boolean pre = IntStream.range(0, mb).allMatch(b -> length[b] == 0 || start[b] + length[b] == steps);
        if (!post && !pre) {
            return null;
        }
        int[] order = IntStream.range(0, mb).boxed()
                .sorted(Comparator.comparingInt((Integer b) -> -length[b])).mapToInt(Integer::intValue).toArray();
        int[] counts = new int[steps];
        int[] offsets = new int[steps];
        int rows = 0;
        for (int t = 0; t < steps; t++) {
            offsets[t] = rows;
            for (int b = 0; b < mb; b++) {
                boolean real = length[b] > 0 && t >= start[b] && t < start[b] + length[b];
                counts[t] += real ? 1 : 0;
            }
            rows += counts[t];
        }
        return new Packing(order, counts, offsets, rows, steps);
    }

    /** Rows of step t that continue a sequence from step t−1 (the first ones of the step); 0 at step 0. */
    int carried(int t) {
        return t == 0 ? 0 : Math.min(counts[t], counts[t - 1]);
    }

    /** Per packed row, its sequence-major row {@code b·T + t} in the padded batch. */
    int[] sequenceRows() {
        int[] out = new int[rows];
        for (int t = 0; t < steps; t++) {
            for (int r = 0; r < counts[t]; r++) {
                out[offsets[t] + r] = order[r] * steps + t;
            }
        }
        return out;
    }

    /** Per packed row, the packed row of the same sequence one step earlier, or -1 where it starts. */
    int[] previousRows() {
        int[] out = new int[rows];
        for (int t = 0; t < steps; t++) {
            int carried = carried(t);
            for (int r = 0; r < counts[t]; r++) {
                out[offsets[t] + r] = r < carried ? offsets[t - 1] + r : -1;
            }
        }
        return out;
    }
}
