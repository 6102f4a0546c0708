package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.function.Function;

/**
 * The arithmetic of one LSTM layer over a whole sequence batch, in DL4J's parameter layout and semantics
 * ({@code W [nIn,4H]}, {@code RW [H,4H]}, {@code b [1,4H]}; gate blocks: block input a (tanh), forget f, output o,
 * input i (sigmoid); {@code c = f·c₋₁ + i·a}, {@code h = o·tanh(c)}; with a mask, h and c are zeroed at masked
 * steps). Arrays are time-major rows {@code [T·mb, ·]}, row {@code t·mb + b}, so each step's rows are one contiguous
 * block: the input projection of all steps is one matrix multiply, each step adds its recurrent product into its
 * block in place, and the weight gradients are one multiply each over all steps.
 */
final class LstmPass {
    /** What the backward pass needs: activated gates, pre-mask tanh(c), and the (masked) states. */
    record Forward(INDArray gates, INDArray tanhCell, INDArray cell, INDArray hidden) {
    }

    private final int mb;
    private final int steps;
    private final int n;
    private final DataType dataType;
    private final Function<long[], INDArray> alloc;

    /** {@code alloc} creates uninitialised C-order arrays of a shape where the caller wants them (a workspace). */
    LstmPass(int mb, int steps, int hidden, DataType dataType, Function<long[], INDArray> alloc) {
        this.dataType = dataType;
        this.mb = mb;
        this.steps = steps;
        this.n = hidden;
        this.alloc = alloc;
    }

    /** From a zero state. x {@code [T·mb, nIn]}; mask {@code [mb, T]} or null. */
    Forward forward(INDArray x, INDArray w, INDArray rw, INDArray b, INDArray mask) {
        long rows = (long) steps * mb;
        INDArray gates = alloc.apply(new long[]{rows, 4L * n});
        Nd4j.gemm(x, w, gates, false, false, 1.0, 0.0);
        gates.addiRowVector(b);
        INDArray cell = alloc.apply(new long[]{rows, n});
        INDArray tanhCell = alloc.apply(new long[]{rows, n});
        INDArray hidden = alloc.apply(new long[]{rows, n});
        INDArray maskRows = mask == null ? null : timeMajorColumn(mask);
        for (int t = 0; t < steps; t++) {
            if (t > 0) {
                Nd4j.gemm(block(hidden, t - 1), rw, block(gates, t), false, false, 1.0, 1.0);
            }
            LstmKernels.forwardStep(gates, cell, tanhCell, hidden, maskRows, t * mb, mb, t > 0 ? (t - 1) * mb : -1, n);
        }
        return new Forward(gates, tanhCell, cell, hidden);
    }

    /**
     * Backward. Returns dx {@code [T·mb, nIn]}; writes dW, dRW, db (DL4J's gradient views) in place.
     * Everything that does not depend on the recurrence is computed for all steps at once, with the mask folded
     * in ({@link LstmKernels#backwardFactors}): per step {@code dh = dH + dh₊₁}, {@code dc = dh·K2 + dc₊₁}, gates
     * {@code [da|df|do|di] = [dc·Ka | dc·Kf | dh·Ko | dc·Ki]}, {@code dc₋₁ = dc·f·m}, and one multiply for
     * {@code dh₋₁}. A masked step has zero factors, so it passes nothing back, as if h and dc were zeroed there.
     */
    INDArray backward(Forward fw, INDArray x, INDArray dHidden, INDArray w, INDArray rw, INDArray mask,
                      INDArray dW, INDArray dRW, INDArray db) {
        long rows = (long) steps * mb;
        INDArray dGates = alloc.apply(new long[]{rows, 4L * n}); // the factors first, then the gate gradients
        INDArray output = alloc.apply(new long[]{rows, n});
        INDArray cellFactor = alloc.apply(new long[]{rows, n});
        INDArray forget = alloc.apply(new long[]{rows, n});
        LstmKernels.backwardFactors(fw.gates(), fw.tanhCell(), fw.cell(), mask == null ? null : timeMajorColumn(mask),
                (int) rows, mb, n, dGates, output, cellFactor, forget);
        INDArray dh = alloc.apply(new long[]{mb, n});
        INDArray dhNext = alloc.apply(new long[]{mb, n});
        INDArray dc = alloc.apply(new long[]{mb, n});
        INDArray dcNext = alloc.apply(new long[]{mb, n});
        for (int t = steps - 1; t >= 0; t--) {
            if (t == steps - 1) {
                dh.assign(block(dHidden, t));
                block(cellFactor, t).mul(dh, dc);
            } else {
                block(dHidden, t).add(dhNext, dh);
                block(cellFactor, t).mul(dh, dc).addi(dcNext);
            }
            INDArray dg = block(dGates, t);
            INDArray byGate = dg.reshape('c', mb, 4, n);
            Nd4j.getExecutioner().exec(new BroadcastMulOp(byGate, dc, byGate, 0, 2));
            block(output, t).mul(dh, dg.get(all(), cols(2 * n, 3 * n)));
            if (t > 0) {
                block(forget, t).mul(dc, dcNext);
                Nd4j.gemm(dg, rw, dhNext, false, true, 1.0, 0.0);
            }
        }
        Nd4j.gemm(x, dGates, dW, true, false, 1.0, 0.0);
        if (steps > 1) {
            Nd4j.gemm(rowsOf(fw.hidden(), 0, steps - 1), rowsOf(dGates, 1, steps), dRW, true, false, 1.0, 0.0);
        } else {
            dRW.assign(0);
        }
        Rows.sumRowsInto(dGates, db, alloc);
        INDArray dx = alloc.apply(new long[]{rows, x.size(1)});
        Nd4j.gemm(dGates, w, dx, false, true, 1.0, 0.0);
        return dx;
    }

    /** The rows of step t, {@code [mb, ·]}: a contiguous block. */
    private INDArray block(INDArray a, int t) {
        return a.get(NDArrayIndex.interval((long) t * mb, (long) (t + 1) * mb), all());
    }

    /** The rows of steps [from, to). */
    private INDArray rowsOf(INDArray a, int from, int to) {
        return a.get(NDArrayIndex.interval((long) from * mb, (long) to * mb), all());
    }

    /** {@code [mb, T]} → a column {@code [T·mb, 1]} in row order t·mb + b. */
    private INDArray timeMajorColumn(INDArray mask) {
        INDArray column = alloc.apply(new long[]{(long) steps * mb, 1});
        column.reshape('c', steps, mb).assign(mask.castTo(dataType).transpose());
        return column;
    }

    private static INDArrayIndex all() {
        return NDArrayIndex.all();
    }

    private static INDArrayIndex cols(long from, long to) {
        return NDArrayIndex.interval(from, to);
    }
}
