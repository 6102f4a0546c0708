package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The LSTM's element-wise arithmetic as single passes in Java over the arrays' memory, instead of a dozen ND4J
 * operations per step: ND4J runs each operation as its own native call and is slow on the strided gate blocks (a
 * column block of {@code [rows, 4H]}), which made the element-wise work cost as much as the LSTM's matrix
 * multiplies. Arrays must be whole C-ordered arrays ({@link Cells}); rows are addressed by index.
 * Gate layout per row: {@code [a | f | o | i]}, each H wide (DL4J's).
 */
final class LstmKernels {
    private LstmKernels() {
    }

    /**
     * One forward step over rows {@code [from, from + count)}: activates the gate pre-activations in place (tanh for a,
     * sigmoid for f, o, i), then {@code c = f·c₋₁ + i·a}, {@code tanhCell = tanh(c)}, {@code h = o·tanh(c)}, and
     * with a mask ({@code [rows, 1]}, or null) zeroes c and h where it is 0. {@code cPrevFrom} is the first row of
     * c₋₁ in {@code cell}, or -1 for a zero state.
     */
    static void forwardStep(INDArray gates, INDArray cell, INDArray tanhCell, INDArray hidden, INDArray mask,
                            int from, int count, int cPrevFrom, int n) {
        Cells g = Cells.of(gates);
        Cells c = Cells.of(cell);
        Cells tc = Cells.of(tanhCell);
        Cells h = Cells.of(hidden);
        Cells m = mask == null ? null : Cells.of(mask);
        for (int r = 0; r < count; r++) {
            int row = from + r;
            int gRow = row * 4 * n;
            int sRow = row * n;
            int pRow = cPrevFrom < 0 ? -1 : (cPrevFrom + r) * n;
            double keep = m == null ? 1.0 : m.get(row);
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
                c.set(sRow + j, cv * keep);
                h.set(sRow + j, o * t * keep);
            }
        }
    }

    /**
     * The backward pass's factors for all rows, times the mask ({@code [rows, 1]} or null): {@code k = [i(1−a²) |
     * c₋₁·f(1−f) | 0 | a·i(1−i)]}, {@code output = tanh(c)·o(1−o)}, {@code cellFactor = o(1−tanh²c)}, {@code forget = f}.
     * c₋₁ of the first {@code mb} rows is zero.
     */
    static void backwardFactors(INDArray gates, INDArray tanhCell, INDArray cell, INDArray mask, int rows, int mb, int n,
                                INDArray k, INDArray output, INDArray cellFactor, INDArray forget) {
        Cells g = Cells.of(gates);
        Cells tc = Cells.of(tanhCell);
        Cells c = Cells.of(cell);
        Cells m = mask == null ? null : Cells.of(mask);
        Cells kk = Cells.of(k);
        Cells out = Cells.of(output);
        Cells cf = Cells.of(cellFactor);
        Cells fg = Cells.of(forget);
        for (int row = 0; row < rows; row++) {
            int gRow = row * 4 * n;
            int sRow = row * n;
            int pRow = row < mb ? -1 : (row - mb) * n;
            double keep = m == null ? 1.0 : m.get(row);
            for (int j = 0; j < n; j++) {
                double a = g.get(gRow + j);
                double f = g.get(gRow + n + j);
                double o = g.get(gRow + 2 * n + j);
                double i = g.get(gRow + 3 * n + j);
                double t = tc.get(sRow + j);
                double cPrev = pRow < 0 ? 0.0 : c.get(pRow + j);
                kk.set(gRow + j, i * (1 - a * a) * keep);
                kk.set(gRow + n + j, cPrev * f * (1 - f) * keep);
                kk.set(gRow + 2 * n + j, 0.0);
                kk.set(gRow + 3 * n + j, a * i * (1 - i) * keep);
                out.set(sRow + j, t * o * (1 - o) * keep);
                cf.set(sRow + j, o * (1 - t * t) * keep);
                fg.set(sRow + j, f * keep);
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
