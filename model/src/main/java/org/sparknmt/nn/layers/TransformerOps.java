package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparknmt.nn.kernels.FloatKernels;

import java.lang.ref.Reference;

/**
 * The arithmetic of a Transformer over position rows {@code [N, features]} (row {@code b·T + t}, as
 * {@link Rows#sequenceMajor} lays them out), forward and backward: affine maps as one matrix multiply over every
 * position of the batch, layer normalisation, ReLU, dropout, and multi-head scaled dot-product attention as batched
 * {@code [mb, heads, Tq, Tk]} products. Stateless; each forward returns what its backward needs. Arrays are made
 * outside any workspace (callers scope that), in the inputs' data type.
 */
public final class TransformerOps {
    /** Layer normalisation's variance floor (PyTorch's default). */
    static final double NORM_EPSILON = 1e-5;
    /** Added to the scores of keys a query may not see: exp() of it is 0 in float and double. */
    private static final double HIDDEN = -1e9;

    private TransformerOps() {
    }

    /** {@code x·w + b}: x {@code [N, in]}, w {@code [in, out]}, b {@code [1, out]} (or null). */
    public static INDArray affine(INDArray x, INDArray w, INDArray b) {
        INDArray y = Nd4j.createUninitialized(x.dataType(), x.size(0), w.size(1));
        Nd4j.gemm(x, w, y, false, false, 1.0, 0.0);
        return b == null ? y : y.addiRowVector(b);
    }

    /** The gradients of {@link #affine}: writes {@code xᵀ·dy} into dw and the row sum of dy into db; returns dx. */
    static INDArray affineBackward(INDArray dy, INDArray x, INDArray w, INDArray dw, INDArray db) {
        INDArray g = Nd4j.createUninitialized(x.dataType(), w.size(0), w.size(1));
        Nd4j.gemm(x, dy, g, true, false, 1.0, 0.0);
        dw.assign(g.reshape(dw.shape()));
        if (db != null) {
            Rows.sumRowsInto(dy, db, shape -> Nd4j.createUninitialized(dy.dataType(), shape));
        }
        INDArray dx = Nd4j.createUninitialized(x.dataType(), dy.size(0), w.size(0));
        Nd4j.gemm(dy, w, dx, false, true, 1.0, 0.0);
        return dx;
    }

    /** What a layer normalisation's backward pass needs: the normalised rows and 1/σ per row, as Java arrays. */
    sealed interface Norm permits DoubleNorm, FloatNorm {
    }

    /** {@link Norm} of a DOUBLE pass (the gradient checks'). */
    record DoubleNorm(double[] normalised, double[] inverseDeviation, int columns) implements Norm {
    }

    /** {@link Norm} of a FLOAT pass. */
    record FloatNorm(float[] normalised, float[] inverseDeviation, int columns) implements Norm {
    }

    /**
     * {@code (x − mean)/√(var + ε)·gain + bias} per row, with what the backward pass needs kept in {@code saved[0]}.
     * One Java pass over the rows (ND4J took a dozen native calls and temporaries, 10× slower at [1088, 256]): in
     * SIMD lanes for FLOAT ({@link FloatKernels#layerNorm}), in double precision for DOUBLE.
     */
    public static INDArray layerNorm(INDArray x, INDArray gain, INDArray bias, Norm[] saved) {
        int n = (int) x.size(0);
        int d = (int) x.size(1);
        if (x.dataType() == DataType.FLOAT) {
            float[] v = floats(x);
            float[] g = floats(gain);
            float[] b = floats(bias);
            float[] xhat = new float[n * d];
            float[] inverse = new float[n];
            FloatKernels kernels = FloatKernels.best();
            for (int r = 0; r < n; r++) {
                inverse[r] = kernels.layerNorm(v, g, b, (float) NORM_EPSILON, xhat, v, r * d, d);
            }
            if (saved != null) {
                saved[0] = new FloatNorm(xhat, inverse, d);
            }
            return array(v, x.shape());
        }
        double[] v = values(x);
        double[] g = values(gain);
        double[] b = values(bias);
        double[] inverse = new double[n];
        double[] y = new double[n * d];
        for (int r = 0; r < n; r++) {
            int o = r * d;
            double mean = 0;
            for (int j = 0; j < d; j++) {
                mean += v[o + j];
            }
            mean /= d;
            double var = 0;
            for (int j = 0; j < d; j++) {
                double c = v[o + j] - mean;
                v[o + j] = c;
                var += c * c;
            }
            double inv = 1.0 / Math.sqrt(var / d + NORM_EPSILON);
            inverse[r] = inv;
            for (int j = 0; j < d; j++) {
                double xhat = v[o + j] * inv;
                v[o + j] = xhat;
                y[o + j] = xhat * g[j] + b[j];
            }
        }
        if (saved != null) {
            saved[0] = new DoubleNorm(v, inverse, d);
        }
        return array(y, x.shape(), x.dataType());
    }

    /** The gradients of {@link #layerNorm}: into dGain and dBias; returns dx. */
    static INDArray layerNormBackward(INDArray dy, Norm norm, INDArray gain, INDArray dGain, INDArray dBias) {
        if (norm instanceof FloatNorm n) {
            int d = n.columns();
            float[] dyv = floats(dy);
            float[] g = floats(gain);
            float[] dg = new float[d];
            float[] db = new float[d];
            FloatKernels kernels = FloatKernels.best();
            for (int r = 0; r < n.inverseDeviation().length; r++) {
                kernels.layerNormBackward(dyv, n.normalised(), n.inverseDeviation()[r], g, dg, db, dyv, r * d, d);
            }
            dGain.assign(array(dg, dGain.shape()));
            dBias.assign(array(db, dBias.shape()));
            return array(dyv, dy.shape());
        }
        DoubleNorm n = (DoubleNorm) norm;
        int d = n.columns();
        int rows = n.inverseDeviation().length;
        double[] xhat = n.normalised();
        double[] g = values(gain);
        double[] dyv = values(dy);
        double[] dg = new double[d];
        double[] db = new double[d];
        double[] dx = new double[rows * d];
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            double meanD = 0;
            double meanDx = 0;
            for (int j = 0; j < d; j++) {
                double e = dyv[o + j];
                dg[j] += e * xhat[o + j];
                db[j] += e;
                double dxhat = e * g[j];
                dx[o + j] = dxhat;
                meanD += dxhat;
                meanDx += dxhat * xhat[o + j];
            }
            meanD /= d;
            meanDx /= d;
            double inv = n.inverseDeviation()[r];
            for (int j = 0; j < d; j++) {
                dx[o + j] = (dx[o + j] - meanD - xhat[o + j] * meanDx) * inv;
            }
        }
        dGain.assign(array(dg, dGain.shape(), dGain.dataType()));
        dBias.assign(array(db, dBias.shape(), dBias.dataType()));
        return array(dx, dy.shape(), dy.dataType());
    }

    /** The values of a FLOAT array in C order, as a new Java array (one bulk copy). */
    private static float[] floats(INDArray a) {
        INDArray whole = a.isView() || a.ordering() != 'c' || a.offset() != 0 ? a.dup('c') : a;
        float[] f = new float[(int) whole.length()];
        try {
            Cells.floats(whole).get(0, f, 0, f.length);
        } finally { // whole may be a temporary copy: the buffer alone does not keep its memory alive
            Reference.reachabilityFence(whole);
        }
        return f;
    }

    /** A new C-ordered FLOAT array (in the current workspace, if any) holding {@code v}. */
    private static INDArray array(float[] v, long[] shape) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        Cells.floats(out).put(0, v, 0, v.length); // out stays reachable: it is returned
        return out;
    }

    /**
     * The values of a FLOAT or DOUBLE array in C order, as a new Java array, by bulk copies (ND4J's own
     * {@code asDouble()}/{@code Nd4j.create(float[])} go element by element and cost more than a layer norm).
     */
    private static double[] values(INDArray a) {
        INDArray whole = a.isView() || a.ordering() != 'c' || a.offset() != 0 ? a.dup('c') : a;
        int n = (int) whole.length();
        double[] v = new double[n];
        if (whole.dataType() == DataType.DOUBLE) {
            try {
                whole.data().asNioDouble().get(0, v, 0, n);
            } finally { // whole may be a temporary copy: the buffer alone does not keep its memory alive
                Reference.reachabilityFence(whole);
            }
        } else if (whole.dataType() == DataType.FLOAT) {
            float[] f = floats(whole);
            for (int i = 0; i < n; i++) {
                v[i] = f[i];
            }
        } else {
            return whole.data().asDouble();
        }
        return v;
    }

    /** A new C-ordered FLOAT or DOUBLE array (in the current workspace, if any) holding {@code v}. */
    private static INDArray array(double[] v, long[] shape, DataType type) {
        if (type == DataType.DOUBLE) {
            INDArray out = Nd4j.createUninitialized(type, shape, 'c');
            out.data().asNioDouble().put(0, v, 0, v.length);
            return out;
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return array(f, shape);
    }

    /** max(0, x) in place. */
    public static INDArray reluInPlace(INDArray x) {
        return Transforms.relu(x, false);
    }

    /** dy where the ReLU's output was positive, else 0 (in place on dy). */
    static INDArray reluBackwardInPlace(INDArray dy, INDArray output) {
        return dy.muli(output.gt(0.0).castTo(dy.dataType()));
    }

    /** A dropout mask of x's shape: 1/(1−p) with probability 1−p, else 0; null when p is 0. */
    static INDArray dropoutMask(INDArray like, double p) {
        if (p <= 0) {
            return null;
        }
        INDArray mask = Nd4j.createUninitialized(like.dataType(), like.shape());
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1.0 - p));
        return mask.divi(1.0 - p);
    }

    /** x·mask in place, or x when mask is null (also the backward pass, on dy). */
    static INDArray applyMask(INDArray x, INDArray mask) {
        return mask == null ? x : x.muli(mask);
    }

    /** What the attention's backward pass needs: heads of queries, keys, values, the weights before/after dropout. */
    record Attention(int mb, int heads, int queries, int keys, INDArray q, INDArray k, INDArray v, INDArray weights,
                     INDArray dropMask, INDArray dropped, double scale) {
    }

    /**
     * Multi-head scaled dot-product attention of query rows {@code [mb·Tq, d]} over key and value rows
     * {@code [mb·Tk, d]} (already projected): per head {@code softmax(q·kᵀ/√(d/h) + hidden)·v}, heads concatenated
     * back into rows {@code [mb·Tq, d]}. {@code keyMask} {@code [mb, Tk]} (1 real, 0 padding; null: none) hides
     * padded keys; {@code causal} hides keys after the query's own position, the queries being the last Tq of the Tk
     * positions. {@code saved[0]} receives what {@link #attentionBackward} needs (null: inference).
     */
    public static INDArray attention(INDArray q, INDArray k, INDArray v, int mb, int heads, INDArray keyMask,
                                     boolean causal, double dropout, Attention[] saved) {
        int tq = (int) (q.size(0) / mb);
        int tk = (int) (k.size(0) / mb);
        int d = (int) q.size(1);
        double scale = 1.0 / Math.sqrt((double) d / heads);
        INDArray qh = split(q, mb, tq, heads);
        INDArray kh = split(k, mb, tk, heads);
        INDArray vh = split(v, mb, tk, heads);
        INDArray scores = Nd4j.matmul(qh, kh, false, true, false).muli(scale);
        INDArray hidden = hidden(keyMask, causal, mb, tq, tk, q.dataType());
        if (hidden != null) {
            scores.addi(hidden);
        }
        INDArray weights = Nd4j.exec(new SoftMax(scores, scores, 3))[0];
        INDArray dropMask = saved == null ? null : dropoutMask(weights, dropout);
        INDArray dropped = dropMask == null ? weights : weights.mul(dropMask);
        INDArray context = Nd4j.matmul(dropped, vh, false, false, false);
        if (saved != null) {
            saved[0] = new Attention(mb, heads, tq, tk, qh, kh, vh, weights, dropMask, dropped, scale);
        }
        return merge(context, mb, tq);
    }

    /** The gradients of {@link #attention} for the context rows' gradient: {dq, dk, dv} as rows. */
    static INDArray[] attentionBackward(INDArray dContext, Attention a) {
        INDArray dc = split(dContext, a.mb(), a.queries(), a.heads());
        INDArray dWeights = Nd4j.matmul(dc, a.v(), false, true, false);
        INDArray dv = Nd4j.matmul(a.dropped(), dc, true, false, false);
        applyMask(dWeights, a.dropMask());
        // softmax: dScores = p·(dp − Σ p·dp) over each query's keys
        INDArray dot = dWeights.mul(a.weights()).sum(true, 3);
        INDArray dScores = dWeights.subi(dot).muli(a.weights()).muli(a.scale());
        INDArray dq = Nd4j.matmul(dScores, a.k(), false, false, false);
        INDArray dk = Nd4j.matmul(dScores, a.q(), true, false, false);
        return new INDArray[]{merge(dq, a.mb(), a.queries()), merge(dk, a.mb(), a.keys()), merge(dv, a.mb(), a.keys())};
    }

    /** Columns {@code [from, from + n)} of rows {@code [N, ·]}, as a whole C-ordered copy. */
    public static INDArray columns(INDArray rows, int from, int n) {
        return rows.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + n)).dup('c');
    }

    /** The arrays' columns side by side (rows {@code [N, Σ columns]}). */
    static INDArray concatColumns(INDArray... parts) {
        return Nd4j.hstack(parts);
    }

    /** Rows {@code [mb·T, d]} as heads {@code [mb, h, T, d/h]} (a copy). */
    static INDArray split(INDArray rows, int mb, int steps, int heads) {
        long d = rows.size(1);
        return rows.reshape('c', mb, steps, heads, d / heads).permute(0, 2, 1, 3).dup('c');
    }

    /** The inverse of {@link #split}. */
    static INDArray merge(INDArray heads, int mb, int steps) {
        long d = heads.size(1) * heads.size(3);
        return heads.permute(0, 2, 1, 3).dup('c').reshape('c', (long) mb * steps, d);
    }

    /**
     * What is added to the scores {@code [mb, h, Tq, Tk]}: −1e9 at hidden keys, as {@code [mb, 1, Tq, Tk]} (or
     * {@code [1, 1, Tq, Tk]} without a key mask) to broadcast over the heads; null when no key is hidden.
     */
    private static INDArray hidden(INDArray keyMask, boolean causal, int mb, int tq, int tk, DataType type) {
        if (keyMask == null && (!causal || tk == 1)) {
            return null;
        }
        int sequences = keyMask == null ? 1 : mb;
        double[] keys = keyMask == null ? null : values(keyMask);
        double[] add = new double[sequences * tq * tk];
        int offset = tk - tq;
        for (int b = 0; b < sequences; b++) {
            for (int i = 0; i < tq; i++) {
                int o = (b * tq + i) * tk;
                for (int j = 0; j < tk; j++) {
                    boolean future = causal && j > i + offset;
                    boolean padding = keys != null && keys[b * tk + j] == 0.0;
                    add[o + j] = future || padding ? HIDDEN : 0.0;
                }
            }
        }
        return array(add, new long[]{sequences, 1, tq, tk}, type);
    }

    /** Sinusoidal positions {@code [T, d]}: sin on even features, cos on odd, wavelengths 2π … 10000·2π. */
    public static INDArray positions(int steps, int d, int from, DataType type) {
        double[] table = new double[steps * d];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < d; i += 2) {
                double angle = (t + from) * Math.exp(-Math.log(10000.0) * i / d);
                table[t * d + i] = Math.sin(angle);
                if (i + 1 < d) {
                    table[t * d + i + 1] = Math.cos(angle);
                }
            }
        }
        return Nd4j.create(table, new long[]{steps, d}, DataType.DOUBLE).castTo(type);
    }
}
