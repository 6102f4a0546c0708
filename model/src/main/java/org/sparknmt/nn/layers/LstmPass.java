package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

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
    record Forward(INDArray gates, INDArray tanhCell, INDArray cell, INDArray hidden, INDArray h0, INDArray c0) {
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

    /**
     * x {@code [T·mb, nIn]}; h0, c0 {@code [mb, H]} or null for zeros; mask {@code [mb, T]} or null.
     */
    Forward forward(INDArray x, INDArray w, INDArray rw, INDArray b, INDArray h0, INDArray c0, INDArray mask) {
        long rows = (long) steps * mb;
        INDArray gates = alloc.apply(new long[]{rows, 4L * n});
        Nd4j.gemm(x, w, gates, false, false, 1.0, 0.0);
        gates.addiRowVector(b);
        INDArray cell = alloc.apply(new long[]{rows, n});
        INDArray tanhCell = alloc.apply(new long[]{rows, n});
        INDArray hidden = alloc.apply(new long[]{rows, n});
        INDArray hPrev = h0;
        INDArray cPrev = c0;
        for (int t = 0; t < steps; t++) {
            INDArray g = block(gates, t);
            if (hPrev != null) {
                Nd4j.gemm(hPrev, rw, g, false, false, 1.0, 1.0);
            }
            Transforms.tanh(g.get(all(), cols(0, n)), false);
            Transforms.sigmoid(g.get(all(), cols(n, 4 * n)), false);
            INDArray a = g.get(all(), cols(0, n));
            INDArray f = g.get(all(), cols(n, 2 * n));
            INDArray o = g.get(all(), cols(2 * n, 3 * n));
            INDArray i = g.get(all(), cols(3 * n, 4 * n));
            INDArray c = block(cell, t);
            c.assign(i).muli(a);
            if (cPrev != null) {
                c.addi(f.mul(cPrev));
            }
            INDArray tc = block(tanhCell, t);
            Transforms.tanh(tc.assign(c), false);
            INDArray h = block(hidden, t);
            h.assign(o).muli(tc);
            if (mask != null) {
                INDArray m = maskColumn(mask, t);
                c.muliColumnVector(m);
                h.muliColumnVector(m);
            }
            hPrev = h;
            cPrev = c;
        }
        return new Forward(gates, tanhCell, cell, hidden, h0, c0);
    }

    /** Backward. Returns dx {@code [T·mb, nIn]}; writes dW, dRW, db (DL4J's gradient views) in place. */
    INDArray backward(Forward fw, INDArray x, INDArray dHidden, INDArray w, INDArray rw, INDArray mask,
                      INDArray dW, INDArray dRW, INDArray db) {
        long rows = (long) steps * mb;
        INDArray dGates = alloc.apply(new long[]{rows, 4L * n});
        INDArray dh = alloc.apply(new long[]{mb, n});
        INDArray dhNext = alloc.apply(new long[]{mb, n});
        INDArray dcNext = alloc.apply(new long[]{mb, n});
        INDArray dc = alloc.apply(new long[]{mb, n});
        dhNext.assign(0);
        dcNext.assign(0);
        for (int t = steps - 1; t >= 0; t--) {
            INDArray g = block(fw.gates(), t);
            INDArray a = g.get(all(), cols(0, n));
            INDArray f = g.get(all(), cols(n, 2 * n));
            INDArray o = g.get(all(), cols(2 * n, 3 * n));
            INDArray i = g.get(all(), cols(3 * n, 4 * n));
            INDArray tc = block(fw.tanhCell(), t);
            INDArray cPrev = t > 0 ? block(fw.cell(), t - 1) : fw.c0();
            INDArray dg = block(dGates, t);
            INDArray da = dg.get(all(), cols(0, n));
            INDArray df = dg.get(all(), cols(n, 2 * n));
            INDArray dO = dg.get(all(), cols(2 * n, 3 * n));
            INDArray di = dg.get(all(), cols(3 * n, 4 * n));

            dh.assign(block(dHidden, t)).addi(dhNext);
            if (mask != null) {
                INDArray m = maskColumn(mask, t);
                dh.muliColumnVector(m);
                dcNext.muliColumnVector(m);
            }
            // dO = dh·tanh(c)·o(1−o)
            dO.assign(dh).muli(tc).muli(o).muli(o.rsub(1.0));
            // dc = dh·o·(1 − tanh²(c)) + dc from the next step
            dc.assign(tc).muli(tc).rsubi(1.0).muli(o).muli(dh).addi(dcNext);
            da.assign(dc).muli(i).muli(a.mul(a).rsubi(1.0));
            di.assign(dc).muli(a).muli(i).muli(i.rsub(1.0));
            if (cPrev != null) {
                df.assign(dc).muli(cPrev).muli(f).muli(f.rsub(1.0));
                dcNext.assign(dc).muli(f);
            } else {
                df.assign(0);
                dcNext.assign(0);
            }
            if (t > 0) {
                Nd4j.gemm(dg, rw, dhNext, false, true, 1.0, 0.0);
            }
        }
        Nd4j.gemm(x, dGates, dW, true, false, 1.0, 0.0);
        if (steps > 1) {
            Nd4j.gemm(rowsOf(fw.hidden(), 0, steps - 1), rowsOf(dGates, 1, steps), dRW, true, false, 1.0, 0.0);
        } else {
            dRW.assign(0);
        }
        if (fw.h0() != null) {
            Nd4j.gemm(fw.h0(), block(dGates, 0), dRW, true, false, 1.0, 1.0);
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

    private INDArray maskColumn(INDArray mask, int t) {
        return mask.get(all(), NDArrayIndex.point(t)).reshape(mb, 1).castTo(dataType);
    }

    private static INDArrayIndex all() {
        return NDArrayIndex.all();
    }

    private static INDArrayIndex cols(long from, long to) {
        return NDArrayIndex.interval(from, to);
    }
}
