package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.function.Function;

/**
 * The arithmetic of one LSTM layer over a whole sequence batch, in DL4J's parameter layout and semantics
 * ({@code W [nIn,4H]}, {@code RW [H,4H]}, {@code b [1,4H]}; gate blocks: block input a (tanh), forget f, output o,
 * input i (sigmoid); {@code c = f·c₋₁ + i·a}, {@code h = o·tanh(c)}; from a zero state; padded steps have h = c = 0
 * and pass no gradient, as DL4J's masked LSTM). Arrays are packed rows ({@link Packing}): real cells only, each
 * step's rows one contiguous block whose first rows continue the previous block's. So the input projection and
 * the weight gradients are one matrix multiply each over all real cells, and each step adds its recurrent product
 * into its block in place.
 */
final class LstmPass {
    /** What the backward pass needs: activated gates, tanh(c), and the states, all packed rows. */
    record Forward(INDArray gates, INDArray tanhCell, INDArray cell, INDArray hidden) {
    }

    private final Packing packing;
    private final int mb;
    private final int n;
    private final Function<long[], INDArray> alloc;

    /** {@code alloc} creates uninitialised C-order arrays of a shape where the caller wants them (a workspace). */
    LstmPass(Packing packing, int mb, int hidden, Function<long[], INDArray> alloc) {
        this.packing = packing;
        this.mb = mb;
        this.n = hidden;
        this.alloc = alloc;
    }

    /** x: packed rows {@code [R, nIn]}. */
    Forward forward(INDArray x, INDArray w, INDArray rw, INDArray b) {
        long rows = packing.rows();
        INDArray gates = alloc.apply(new long[]{rows, 4L * n});
        Nd4j.gemm(x, w, gates, false, false, 1.0, 0.0);
        gates.addiRowVector(b);
        INDArray cell = alloc.apply(new long[]{rows, n});
        INDArray tanhCell = alloc.apply(new long[]{rows, n});
        INDArray hidden = alloc.apply(new long[]{rows, n});
        INDArray recurrent = cOrdered(rw);
        for (int t = 0; t < packing.steps(); t++) {
            int carried = packing.carried(t);
            if (carried > 0) {
                Nd4j.getBlasWrapper().level3().gemm(rows(hidden, packing.offsets()[t - 1], carried), recurrent,
                        rows(gates, packing.offsets()[t], carried), false, false, 1.0, 1.0);
            }
            LstmKernels.forwardStep(gates, cell, tanhCell, hidden, packing.offsets()[t], packing.counts()[t],
                    t > 0 ? packing.offsets()[t - 1] : -1, carried, n);
        }
        return new Forward(gates, tanhCell, cell, hidden);
    }

    /**
     * Backward; dHidden: packed rows. Returns dx (packed rows {@code [R, nIn]}); writes dW, dRW, db (DL4J's gradient
     * views) in place. Everything that does not depend on the recurrence is computed for all rows at once
     * ({@link LstmKernels#backwardFactors}); per step one pass ({@link LstmKernels#backwardStep}) and one
     * multiply for {@code dh₋₁}.
     */
    INDArray backward(Forward fw, INDArray x, INDArray dHidden, INDArray w, INDArray rw,
                      INDArray dW, INDArray dRW, INDArray db) {
        long rows = packing.rows();
        int[] previous = packing.previousRows();
        INDArray dGates = alloc.apply(new long[]{rows, 4L * n}); // the factors first, then the gate gradients
        INDArray output = alloc.apply(new long[]{rows, n});
        INDArray cellFactor = alloc.apply(new long[]{rows, n});
        INDArray forget = alloc.apply(new long[]{rows, n});
        LstmKernels.backwardFactors(fw.gates(), fw.tanhCell(), fw.cell(), previous, n, dGates, output, cellFactor, forget);
        INDArray dhNext = alloc.apply(new long[]{mb, n});
        INDArray dcNext = alloc.apply(new long[]{mb, n});
        INDArray recurrent = cOrdered(rw);
        int next = 0; // rows of the later step that carried into this one
        for (int t = packing.steps() - 1; t >= 0; t--) {
            int count = packing.counts()[t];
            int from = packing.offsets()[t];
            if (count > 0) {
                int carried = packing.carried(t);
                LstmKernels.backwardStep(dHidden, dhNext, dcNext, cellFactor, output, forget, dGates, from, count, next,
                        carried, n);
                if (carried > 0) {
                    Nd4j.getBlasWrapper().level3().gemm(rows(dGates, from, carried), recurrent, rows(dhNext, 0, carried),
                            false, true, 1.0, 0.0);
                }
                next = carried;
            } else {
                next = 0;
            }
        }
        Nd4j.gemm(x, dGates, dW, true, false, 1.0, 0.0);
        INDArray hPrev = alloc.apply(new long[]{rows, n});
        LstmKernels.previousRowsInto(fw.hidden(), previous, n, hPrev);
        Nd4j.gemm(hPrev, dGates, dRW, true, false, 1.0, 0.0);
        Rows.sumRowsInto(dGates, db, alloc);
        INDArray dx = alloc.apply(new long[]{rows, x.size(1)});
        Nd4j.gemm(dGates, w, dx, false, true, 1.0, 0.0);
        return dx;
    }

    /**
     * RW as a C-ordered copy in working memory (DL4J's parameter views are F-ordered) for the per-step products,
     * which go straight to the BLAS: for {@code [64,512]·[512,2048]} that took 1.7 ms against 2.6-3.1 ms through
     * ND4J's matmul op, whose oneDNN helper is slow at so few rows (bench/model-speed --gemm; torch.mm: 1.5 ms).
     */
    private INDArray cOrdered(INDArray a) {
        return alloc.apply(a.shape()).assign(a);
    }

    /** Rows {@code [from, from + count)}: a contiguous block. */
    private static INDArray rows(INDArray a, long from, long count) {
        return a.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all());
    }
}
