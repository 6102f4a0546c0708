package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknmt.nn.kernels.FloatKernels;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;

/**
 * The LSTM's element-wise arithmetic as single passes in Java over the arrays' memory, instead of a dozen ND4J
 * operations per step: ND4J runs each operation as its own native call and is slow on the strided gate blocks (a
 * column block of {@code [rows, 4H]}), which made the element-wise work cost as much as the LSTM's matrix
 * multiplies. Arrays must be whole C-ordered arrays ({@link Cells}); rows are addressed by index.
 * Gate layout per row: {@code [a | f | o | i]}, each H wide (DL4J's).
 */
final class LstmKernels {
    private static final FloatKernels K = FloatKernels.best();

    private LstmKernels() {
    }

    /**
     * One forward step over rows {@code [from, from + count)}: activates the gate pre-activations in place (tanh for a,
     * sigmoid for f, o, i), then {@code c = f·c₋₁ + i·a}, {@code tanhCell = tanh(c)}, {@code h = o·tanh(c)}. The
     * first {@code carried} rows continue from rows {@code [prevFrom, prevFrom + carried)} of {@code cell}; the
     * others start from a zero state.
     */
    static void forwardStep(INDArray gates, INDArray cell, INDArray tanhCell, INDArray hidden,
                            int from, int count, int prevFrom, int carried, int n) {
        if (Cells.allFloat(gates, cell, tanhCell, hidden)) {
            forwardStepFloat(gates, cell, tanhCell, hidden, from, count, prevFrom, carried, n);
            return;
        }
        Cells g = Cells.of(gates);
        Cells c = Cells.of(cell);
        Cells tc = Cells.of(tanhCell);
        Cells h = Cells.of(hidden);
        for (int r = 0; r < count; r++) {
            int gRow = (from + r) * 4 * n;
            int sRow = (from + r) * n;
            int pRow = r < carried ? (prevFrom + r) * n : -1;
            for (int j = 0; j < n; j++) {
                double a = tanh(g.get(gRow + j));
                double f = sigmoid(g.get(gRow + n + j));
                double o = sigmoid(g.get(gRow + 2 * n + j));
                double i = sigmoid(g.get(gRow + 3 * n + j));
                g.set(gRow + j, a);
                g.set(gRow + n + j, f);
                g.set(gRow + 2 * n + j, o);
                g.set(gRow + 3 * n + j, i);
                double cv = i * a + (pRow < 0 ? 0.0 : f * c.get(pRow + j));
                double t = tanh(cv);
                tc.set(sRow + j, t);
                c.set(sRow + j, cv);
                h.set(sRow + j, o * t);
            }
        }
    }

    /**
     * {@link #forwardStep} for FLOAT arrays: the rows are copied into Java arrays in bulk and updated in SIMD lanes
     * ({@link FloatKernels}), in float arithmetic (the DOUBLE path, which gradient checks use, stays in double).
     */
    private static void forwardStepFloat(INDArray gates, INDArray cell, INDArray tanhCell, INDArray hidden,
                                         int from, int count, int prevFrom, int carried, int n) {
        try {
            FloatBuffer gb = Cells.floats(gates);
            FloatBuffer cb = Cells.floats(cell);
            float[] g = new float[count * 4 * n];
            float[] previous = new float[carried * n];
            float[] c = new float[count * n];
            float[] t = new float[count * n];
            float[] h = new float[count * n];
            gb.get(from * 4 * n, g);
            if (carried > 0) {
                cb.get(prevFrom * n, previous);
            }
            for (int r = 0; r < count; r++) {
                K.lstmCellForward(g, r * 4 * n, r < carried ? previous : null, r * n, c, t, h, r * n, n);
            }
            gb.put(from * 4 * n, g);
            cb.put(from * n, c);
            Cells.floats(tanhCell).put(from * n, t);
            Cells.floats(hidden).put(from * n, h);
        } finally { // the buffers do not keep the arrays' memory alive
            Reference.reachabilityFence(gates);
            Reference.reachabilityFence(cell);
            Reference.reachabilityFence(tanhCell);
            Reference.reachabilityFence(hidden);
        }
    }

    /**
     * The backward pass's factors for all rows: {@code k = [i(1−a²) | c₋₁·f(1−f) | 0 | a·i(1−i)]},
     * {@code output = tanh(c)·o(1−o)}, {@code cellFactor = o(1−tanh²c)}, {@code forget = f}; c₋₁ of a row is the cell
     * of {@code previous[row]}, or zero where that is -1.
     */
    static void backwardFactors(INDArray gates, INDArray tanhCell, INDArray cell, int[] previous, int n,
                                INDArray k, INDArray output, INDArray cellFactor, INDArray forget) {
        Cells g = Cells.of(gates);
        Cells tc = Cells.of(tanhCell);
        Cells c = Cells.of(cell);
        Cells kk = Cells.of(k);
        Cells out = Cells.of(output);
        Cells cf = Cells.of(cellFactor);
        Cells fg = Cells.of(forget);
        for (int row = 0; row < previous.length; row++) {
            int gRow = row * 4 * n;
            int sRow = row * n;
            int pRow = previous[row] < 0 ? -1 : previous[row] * n;
            for (int j = 0; j < n; j++) {
                double a = g.get(gRow + j);
                double f = g.get(gRow + n + j);
                double o = g.get(gRow + 2 * n + j);
                double i = g.get(gRow + 3 * n + j);
                double t = tc.get(sRow + j);
                double cPrev = pRow < 0 ? 0.0 : c.get(pRow + j);
                kk.set(gRow + j, i * (1 - a * a));
                kk.set(gRow + n + j, cPrev * f * (1 - f));
                kk.set(gRow + 2 * n + j, 0.0);
                kk.set(gRow + 3 * n + j, a * i * (1 - i));
                out.set(sRow + j, t * o * (1 - o));
                cf.set(sRow + j, o * (1 - t * t));
                fg.set(sRow + j, f);
            }
        }
    }

    /**
     * One backward step over packed rows {@code [from, from + count)}, in one pass: {@code dh = dH + dh₊₁} and
     * {@code dc = dh·cellFactor + dc₊₁} (the later step's terms for its first {@code next} rows, which continued
     * here), the gate gradients {@code [dc·Ka | dc·Kf | dh·output | dc·Ki]} in place of the factors in {@code k},
     * and {@code dc₋₁ = dc·f} for the first {@code carried} rows into {@code dcNext} ({@code [mb, H]}, like
     * {@code dhNext}, which the caller then fills with {@code dg·RWᵀ}).
     */
    static void backwardStep(INDArray dHidden, INDArray dhNext, INDArray dcNext, INDArray cellFactor, INDArray output,
                             INDArray forget, INDArray k, int from, int count, int next, int carried, int n) {
        Cells dH = Cells.of(dHidden);
        Cells dhN = Cells.of(dhNext);
        Cells dcN = Cells.of(dcNext);
        Cells cf = Cells.of(cellFactor);
        Cells out = Cells.of(output);
        Cells fg = Cells.of(forget);
        Cells kk = Cells.of(k);
        for (int r = 0; r < count; r++) {
            int sRow = (from + r) * n;
            int gRow = (from + r) * 4 * n;
            boolean continued = r < next;
            boolean carries = r < carried;
            for (int j = 0; j < n; j++) {
                double dh = dH.get(sRow + j) + (continued ? dhN.get(r * n + j) : 0.0);
                double dc = dh * cf.get(sRow + j) + (continued ? dcN.get(r * n + j) : 0.0);
                kk.set(gRow + j, kk.get(gRow + j) * dc);
                kk.set(gRow + n + j, kk.get(gRow + n + j) * dc);
                kk.set(gRow + 2 * n + j, out.get(sRow + j) * dh);
                kk.set(gRow + 3 * n + j, kk.get(gRow + 3 * n + j) * dc);
                if (carries) {
                    dcN.set(r * n + j, dc * fg.get(sRow + j));
                }
            }
        }
    }

    /** {@code out[row] = source[previous[row]]}, or zeros where that is -1 (h₋₁ of each packed row). */
    static void previousRowsInto(INDArray source, int[] previous, int n, INDArray out) {
        Cells from = Cells.of(source);
        Cells to = Cells.of(out);
        for (int row = 0; row < previous.length; row++) {
            int p = previous[row];
            for (int j = 0; j < n; j++) {
                to.set(row * n + j, p < 0 ? 0.0 : from.get(p * n + j));
            }
        }
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** {@code 1 − 2/(e^{2x}+1)}: Math.exp is an intrinsic, Math.tanh is not; ±1 at the extremes, no NaN. */
    private static double tanh(double x) {
        return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
    }
}
