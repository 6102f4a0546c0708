package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.function.Function;

/**
 * The arithmetic of single-head scaled dot-product attention with input projections, in DL4J's AttentionVertex
 * semantics: {@code q = Xq·Wqᵀ, k = Xk·Wkᵀ, v = Xv·Wvᵀ} (projections {@code [A, nIn]}), weights
 * {@code softmax(q·kᵀ/√A)} over the real keys of each sequence, {@code out = (weights·v)·Wo} ({@code Wo [A, nOut]}),
 * zero at padded queries. Arrays are sequence-major rows {@code [mb·T, ·]}, row {@code b·T + t}, so each sequence's
 * queries, keys and values are contiguous blocks: the projections and their gradients are one matrix multiply each
 * over the whole batch, and only the {@code [Tq, Ts]} score products are per sequence.
 */
final class AttentionPass {
    /** What the backward pass needs. Xk and Xv may be one array (keys and values from the same input). */
    record Forward(INDArray xq, INDArray xk, INDArray xv, INDArray q, INDArray k, INDArray v, INDArray weights,
                   INDArray context, INDArray out) {
    }

    /** Where the gradients go: projections {@code [A, nIn]}, Wo {@code [A, nOut]}. */
    record Gradients(INDArray wq, INDArray wk, INDArray wv, INDArray wo) {
    }

    /** Input gradients, sequence-major rows like the inputs. */
    record InputGradients(INDArray queries, INDArray keys, INDArray values) {
    }

    private final int mb;
    private final int tq;
    private final int ts;
    private final double scale;
    private final DataType dataType;
    private final Function<long[], INDArray> alloc;

    AttentionPass(int mb, int queries, int keys, long size, DataType dataType, Function<long[], INDArray> alloc) {
        this.mb = mb;
        this.tq = queries;
        this.ts = keys;
        this.scale = 1.0 / Math.sqrt(size);
        this.dataType = dataType;
        this.alloc = alloc;
    }

    /** keyMask {@code [mb, Ts]}, queryMask {@code [mb, Tq]}: 1 for real steps, or null for none padded. */
    Forward forward(INDArray xq, INDArray xk, INDArray xv, INDArray wq, INDArray wk, INDArray wv, INDArray wo,
                    INDArray keyMask, INDArray queryMask) {
        INDArray q = project(xq, wq);
        INDArray k = project(xk, wk);
        INDArray v = project(xv, wv);
        INDArray weights = alloc.apply(new long[]{(long) mb * tq, ts});
        for (int b = 0; b < mb; b++) {
            Nd4j.gemm(block(q, b, tq), block(k, b, ts), block(weights, b, tq), false, true, scale, 0.0);
        }
        if (keyMask != null) {
            INDArray penalty = keyMask.castTo(dataType).sub(1.0).muli(1e9); // 0 for real keys, -1e9 for padding
            INDArray scores = weights.reshape('c', mb, tq, ts);
            Nd4j.getExecutioner().exec(new BroadcastAddOp(scores, penalty, scores, 0, 2));
        }
        SoftmaxCrossEntropy.softmaxInPlace(weights);
        INDArray context = alloc.apply(new long[]{(long) mb * tq, v.size(1)});
        for (int b = 0; b < mb; b++) {
            Nd4j.gemm(block(weights, b, tq), block(v, b, ts), block(context, b, tq), false, false, 1.0, 0.0);
        }
        INDArray out = alloc.apply(new long[]{(long) mb * tq, wo.size(1)});
        Nd4j.gemm(context, wo, out, false, false, 1.0, 0.0);
        if (queryMask != null) {
            out.muliColumnVector(Rows.column(queryMask, dataType));
        }
        return new Forward(xq, xk, xv, q, k, v, weights, context, out);
    }

    /** dOut: the output's gradient as rows (changed in place). Writes the parameter gradients into {@code into}. */
    InputGradients backward(Forward fw, INDArray dOut, INDArray wq, INDArray wk, INDArray wv, INDArray wo,
                            INDArray queryMask, Gradients into) {
        if (queryMask != null) {
            dOut.muliColumnVector(Rows.column(queryMask, dataType));
        }
        Nd4j.gemm(fw.context(), dOut, into.wo(), true, false, 1.0, 0.0);
        INDArray dContext = alloc.apply(new long[]{(long) mb * tq, wo.size(0)});
        Nd4j.gemm(dOut, wo, dContext, false, true, 1.0, 0.0);

        INDArray dWeights = alloc.apply(new long[]{(long) mb * tq, ts});
        INDArray dv = alloc.apply(new long[]{(long) mb * ts, fw.v().size(1)});
        for (int b = 0; b < mb; b++) {
            Nd4j.gemm(block(dContext, b, tq), block(fw.v(), b, ts), block(dWeights, b, tq), false, true, 1.0, 0.0);
            Nd4j.gemm(block(fw.weights(), b, tq), block(dContext, b, tq), block(dv, b, ts), true, false, 1.0, 0.0);
        }
        // softmax: dScores = p·(dp − Σ p·dp), one row per query
        INDArray dot = dWeights.mul(fw.weights()).sum(true, 1);
        INDArray dScores = dWeights.subiColumnVector(dot).muli(fw.weights());
        INDArray dq = alloc.apply(new long[]{(long) mb * tq, fw.q().size(1)});
        INDArray dk = alloc.apply(new long[]{(long) mb * ts, fw.k().size(1)});
        for (int b = 0; b < mb; b++) {
            Nd4j.gemm(block(dScores, b, tq), block(fw.k(), b, ts), block(dq, b, tq), false, false, scale, 0.0);
            Nd4j.gemm(block(dScores, b, tq), block(fw.q(), b, tq), block(dk, b, ts), true, false, scale, 0.0);
        }
        Nd4j.gemm(dq, fw.xq(), into.wq(), true, false, 1.0, 0.0);
        Nd4j.gemm(dk, fw.xk(), into.wk(), true, false, 1.0, 0.0);
        Nd4j.gemm(dv, fw.xv(), into.wv(), true, false, 1.0, 0.0);
        return new InputGradients(inputGradient(dq, wq), inputGradient(dk, wk), inputGradient(dv, wv));
    }

    private INDArray project(INDArray x, INDArray w) {
        INDArray p = alloc.apply(new long[]{x.size(0), w.size(0)});
        Nd4j.gemm(x, w, p, false, true, 1.0, 0.0);
        return p;
    }

    private INDArray inputGradient(INDArray dProjected, INDArray w) {
        INDArray dx = alloc.apply(new long[]{dProjected.size(0), w.size(1)});
        Nd4j.gemm(dProjected, w, dx, false, false, 1.0, 0.0);
        return dx;
    }

    /** The rows of sequence b, {@code [steps, ·]}: a contiguous block. */
    private static INDArray block(INDArray a, int b, int steps) {
        return a.get(NDArrayIndex.interval((long) b * steps, (long) (b + 1) * steps), NDArrayIndex.all());
    }
}
