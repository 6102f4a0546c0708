package org.sparknmt.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatKernels} in SIMD lanes (the platform's widest float vectors: 16 lanes with AVX-512), the tails in
 * scalar code. Loaded only when {@code jdk.incubator.vector} is in the boot layer.
 */
final class SimdKernels implements FloatKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void add(float[] x, int xFrom, float[] y, int yFrom, int n) {
        int j = 0;
        for (; j < S.loopBound(n); j += L) {
            FloatVector.fromArray(S, x, xFrom + j).add(FloatVector.fromArray(S, y, yFrom + j)).intoArray(x, xFrom + j);
        }
        for (; j < n; j++) {
            x[xFrom + j] += y[yFrom + j];
        }
    }

    @Override
    public float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < S.loopBound(n); j += L) {
            acc = FloatVector.fromArray(S, a, aFrom + j).fma(FloatVector.fromArray(S, b, bFrom + j), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            s += a[aFrom + j] * b[bFrom + j];
        }
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xFrom, float[] y, int yFrom, int n) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int j = 0;
        for (; j < S.loopBound(n); j += L) {
            FloatVector.fromArray(S, x, xFrom + j).fma(a, FloatVector.fromArray(S, y, yFrom + j)).intoArray(y, yFrom + j);
        }
        for (; j < n; j++) {
            y[yFrom + j] += alpha * x[xFrom + j];
        }
    }

    @Override
    public int firstAtLeast(float[] x, int from, int to, float bound) {
        FloatVector b = FloatVector.broadcast(S, bound);
        int i = from;
        for (; i + L <= to; i += L) {
            VectorMask<Float> hit = FloatVector.fromArray(S, x, i).compare(VectorOperators.GE, b);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        while (i < to && !(x[i] >= bound)) {
            i++;
        }
        return i;
    }

    @Override
    public boolean allBelow(float[] x, int from, int n, float limit) {
        FloatVector l = FloatVector.broadcast(S, limit);
        int j = 0;
        for (; j < S.loopBound(n); j += L) {
            if (!FloatVector.fromArray(S, x, from + j).compare(VectorOperators.LT, l).allTrue()) {
                return false;
            }
        }
        for (; j < n; j++) {
            if (!(x[from + j] < limit)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void logSoftmax(float[] x, int from, int n) {
        int bound = S.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < bound; j += L) {
            vmax = vmax.max(FloatVector.fromArray(S, x, from + j));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; j < n; j++) {
            max = Math.max(max, x[from + j]);
        }
        FloatVector shiftMax = FloatVector.broadcast(S, max);
        FloatVector vsum = FloatVector.zero(S);
        for (j = 0; j < bound; j += L) {
            vsum = vsum.add(FloatVector.fromArray(S, x, from + j).sub(shiftMax).lanewise(VectorOperators.EXP));
        }
        double sum = vsum.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            sum += Math.exp(x[from + j] - max);
        }
        float shift = (float) (max + Math.log(sum));
        FloatVector vshift = FloatVector.broadcast(S, shift);
        for (j = 0; j < bound; j += L) {
            FloatVector.fromArray(S, x, from + j).sub(vshift).intoArray(x, from + j);
        }
        for (; j < n; j++) {
            x[from + j] -= shift;
        }
    }

    @Override
    public void lstmCellForward(float[] gates, int g, float[] cPrev, int p, float[] c, float[] tanhC, float[] h, int s,
                                int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j < S.loopBound(n); j += L) {
            FloatVector a = FloatVector.fromArray(S, gates, g + j).lanewise(VectorOperators.TANH);
            FloatVector f = sigmoid(FloatVector.fromArray(S, gates, g + n + j), one);
            FloatVector o = sigmoid(FloatVector.fromArray(S, gates, g + 2 * n + j), one);
            FloatVector i = sigmoid(FloatVector.fromArray(S, gates, g + 3 * n + j), one);
            a.intoArray(gates, g + j);
            f.intoArray(gates, g + n + j);
            o.intoArray(gates, g + 2 * n + j);
            i.intoArray(gates, g + 3 * n + j);
            FloatVector cell = cPrev == null ? i.mul(a) : f.fma(FloatVector.fromArray(S, cPrev, p + j), i.mul(a));
            FloatVector t = cell.lanewise(VectorOperators.TANH);
            cell.intoArray(c, s + j);
            t.intoArray(tanhC, s + j);
            o.mul(t).intoArray(h, s + j);
        }
        if (j < n) {
            ScalarKernels.INSTANCE.lstmCellForward(gates, g + j, cPrev, p + j, c, tanhC, h, s + j, n - j, n);
        }
    }

    private static FloatVector sigmoid(FloatVector x, FloatVector one) {
        return one.div(x.neg().lanewise(VectorOperators.EXP).add(one));
    }
}
