package org.sparknmt.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknmt.nn.kernels.FloatKernels;

import java.lang.ref.Reference;
import java.util.Arrays;

/**
 * The element-wise parts of one incremental decoding step over Java float arrays, each one pass (in SIMD lanes when
 * {@link FloatKernels#best} has them), where ND4J would make a native call and an allocation per operation: the
 * embedding lookup, the LSTM cell update, the attention read over each row's real source positions, and the bias
 * and log-softmax of the output. Row-major layouts throughout.
 */
final class StepKernels {
    private static final FloatKernels K = FloatKernels.best();

    private StepKernels() {
    }

    /** Rows {@code tokens[r]} of a row-major {@code [V, e]} table into {@code out [rows, e]}. */
    static void embed(float[] table, int e, int[] tokens, float[] out) {
        for (int r = 0; r < tokens.length; r++) {
            System.arraycopy(table, tokens[r] * e, out, r * e, e);
        }
    }

    /**
     * The LSTM cells of all rows: {@code gates [rows, 4H]} holds x·W + h·RW; to row r is added row
     * {@code addRow[r]} of {@code add} ({@code [*, 4H]}), or {@code add} as one bias ({@code [4H]}) when
     * {@code addRow} is null; then c and h ({@code [rows, H]}) are updated in place.
     */
    static void lstm(float[] gates, float[] add, int[] addRow, float[] c, float[] h, int rows, int n) {
        for (int r = 0; r < rows; r++) {
            int g = r * 4 * n;
            K.add(gates, g, add, addRow == null ? 0 : addRow[r] * 4 * n, 4 * n);
            K.lstmCell(gates, g, c, h, r * n, n);
        }
    }

    /**
     * Scaled dot-product attention of one query per row over the keys of its source sentence {@code s =
     * source[r]}, the first {@code keyCount[s]} of them (its real positions; padding gets no weight, as a -1e9 mask
     * would give): {@code keys} and {@code values} are {@code [sources, Ts, A]}, {@code q} and {@code context}
     * {@code [rows, A]}; {@code scratch} holds at least Ts values.
     */
    static void attend(float[] q, float[] keys, float[] values, int[] keyCount, int[] source, int ts, int size,
                       float[] context, float[] scratch) {
        float scale = (float) (1.0 / Math.sqrt(size));
        for (int r = 0; r < source.length; r++) {
            int base = source[r] * ts * size;
            int count = keyCount[source[r]];
            for (int t = 0; t < count; t++) {
                scratch[t] = K.dot(keys, base + t * size, q, r * size, size) * scale;
            }
            K.logSoftmax(scratch, 0, count);
            Arrays.fill(context, r * size, (r + 1) * size, 0f);
            for (int t = 0; t < count; t++) {
                K.axpy((float) Math.exp(scratch[t]), values, base + t * size, context, r * size, size);
            }
        }
    }

    /** Adds the bias ({@code [V]}) to every row of {@code logits [rows, V]} and turns each row into log-probabilities. */
    static void logSoftmax(float[] logits, float[] bias, int rows, int v) {
        for (int r = 0; r < rows; r++) {
            K.add(logits, r * v, bias, 0, v);
            K.logSoftmax(logits, r * v, v);
        }
    }

    /**
     * Row {@code r} of {@code scores [rows, C]} into columns {@code ids} of row {@code r} of {@code out [rows, v]}
     * (the other columns are left as they are).
     */
    static void scatterRows(float[] scores, int[] ids, float[] out, int rows, int v) {
        int c = ids.length;
        for (int r = 0; r < rows; r++) {
            int from = r * c;
            int to = r * v;
            for (int j = 0; j < c; j++) {
                out[to + ids[j]] = scores[from + j];
            }
        }
    }

    /** {@code out[r] = [left[r] | right[r]]}: rows of widths {@code a} and {@code b} into rows of width a + b. */
    static void concatRows(float[] left, float[] right, float[] out, int rows, int a, int b) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(left, r * a, out, r * (a + b), a);
            System.arraycopy(right, r * b, out, r * (a + b) + a, b);
        }
    }

    /** Whole FLOAT array → Java floats. */
    static void read(INDArray from, float[] to) {
        try {
            from.data().asNioFloat().get(0, to, 0, (int) from.length());
        } finally { // the NIO view alone does not keep the array's memory alive
            Reference.reachabilityFence(from);
        }
    }

    /** Java floats → whole FLOAT array. */
    static void write(float[] from, INDArray to) {
        try {
            to.data().asNioFloat().put(0, from, 0, (int) to.length());
        } finally { // the NIO view alone does not keep the array's memory alive
            Reference.reachabilityFence(to);
        }
    }
}
