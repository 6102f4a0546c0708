package org.sparknmt.nn.layers;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Function;

/** NCW sequence batches {@code [mb, features, T]} as 2-D rows for one matrix multiply over all steps (one copy). */
final class Rows {
    private Rows() {
    }

    /** Row {@code b·T + t}: the order of C-order labels {@code [mb,1,T]} and masks {@code [mb,T]}. */
    static INDArray sequenceMajor(INDArray a, LayerWorkspaceMgr mgr, ArrayType type, DataType dataType) {
        long mb = a.size(0);
        long features = a.size(1);
        long steps = a.size(2);
        INDArray rows = mgr.createUninitialized(type, dataType, new long[]{mb, steps, features}, 'c');
        rows.assign(a.permute(0, 2, 1));
        return rows.reshape('c', mb * steps, features);
    }

    /** The inverse of {@link #sequenceMajor}. */
    static INDArray fromSequenceMajor(INDArray rows, long mb, LayerWorkspaceMgr mgr, ArrayType type, DataType dataType) {
        long steps = rows.size(0) / mb;
        INDArray out = mgr.createUninitialized(type, dataType, new long[]{mb, rows.size(1), steps}, 'c');
        out.assign(rows.reshape('c', mb, steps, rows.size(1)).permute(0, 2, 1));
        return out;
    }

    /** A mask {@code [mb, T]} as a column {@code [mb·T, 1]} of {@code type} in row order b·T + t (a copy). */
    static INDArray column(INDArray mask, DataType type) {
        return mask.castTo(type).dup('c').reshape('c', mask.length(), 1);
    }

    /**
     * {@code out = Σ_rows m} as a matrix product with a row of ones: ND4J's sum along dimension 0 of a
     * {@code [1920, 8000]} gradient took 8 % of the output layer's time in a profile: 152-164 ms against 14-20 ms for
     * the product (float, 2 threads, measured while other work ran); the sums agree to float rounding.
     */
    static void sumRowsInto(INDArray m, INDArray out, Function<long[], INDArray> alloc) {
        if (out.length() != m.size(1)) {
            throw new IllegalArgumentException("column sums of " + java.util.Arrays.toString(m.shape()) + " do not fit "
                    + java.util.Arrays.toString(out.shape()));
        }
        INDArray ones = alloc.apply(new long[]{1, m.size(0)}).assign(1.0);
        INDArray sums = alloc.apply(new long[]{1, m.size(1)});
        Nd4j.gemm(ones, m, sums, false, false, 1.0, 0.0);
        out.assign(sums.reshape(out.shape())); // DL4J's bias gradient view may be [n] or [1, n]
    }

    /**
     * Rows {@code [R, features]} that stand for sequence-major rows {@code rows[k] = b·T + t} of a batch, into
     * {@code out} {@code [mb, features, T]} (whole, C-ordered), zeros everywhere else.
     */
    static INDArray scatterToSequences(INDArray rowsIn, int[] rows, long mb, long steps, INDArray out) {
        int features = (int) rowsIn.size(1);
        int t = (int) steps;
        INDArray source = rowsIn.isView() || rowsIn.ordering() != 'c' ? rowsIn.dup('c') : rowsIn;
        out.assign(0);
        Cells from = Cells.of(source);
        Cells to = Cells.of(out);
        for (int k = 0; k < rows.length; k++) {
            int b = rows[k] / t;
            int step = rows[k] % t;
            int base = b * features * t + step;
            for (int f = 0; f < features; f++) {
                to.set(base + f * t, from.get(k * features + f));
            }
        }
        return out;
    }
}
