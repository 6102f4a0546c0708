package org.sparknmt.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(S, 2f);
    private static final FloatVector EXP_LO = FloatVector.broadcast(S, -87f);
    private static final FloatVector EXP_HI = FloatVector.broadcast(S, 88f);
    private static final FloatVector LOG2E = FloatVector.broadcast(S, 1.44269504088896341f);
    /** 1.5·2²³: adding it rounds to an integer and leaves that integer in the low mantissa bits. */
    private static final FloatVector ROUNDER = FloatVector.broadcast(S, 12582912f);
    private static final int ROUNDER_BITS = 0x4B400000;
    private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(S, -0.693359375f);
    private static final FloatVector MINUS_LN2_LO = FloatVector.broadcast(S, 2.12194440e-4f);
    private static final FloatVector P0 = FloatVector.broadcast(S, 1.9875691500e-4f);
    private static final FloatVector P1 = FloatVector.broadcast(S, 1.3981999507e-3f);
    private static final FloatVector P2 = FloatVector.broadcast(S, 8.3334519073e-3f);
    private static final FloatVector P3 = FloatVector.broadcast(S, 4.1665795894e-2f);
    private static final FloatVector P4 = FloatVector.broadcast(S, 1.6666665459e-1f);
    private static final FloatVector P5 = FloatVector.broadcast(S, 5.0000001201e-1f);

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
            vsum = vsum.add(exp(FloatVector.fromArray(S, x, from + j).sub(shiftMax)));
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
    public float layerNorm(float[] x, float[] gain, float[] bias, float epsilon, float[] xhat, float[] y, int at, int n) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += L) {
            acc = acc.add(FloatVector.fromArray(S, x, at + j));
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            sum += x[at + j];
        }
        float mean = (float) (sum / n);
        FloatVector vmean = FloatVector.broadcast(S, mean);
        acc = FloatVector.zero(S);
        for (j = 0; j < bound; j += L) {
            FloatVector c = FloatVector.fromArray(S, x, at + j).sub(vmean);
            c.intoArray(xhat, at + j);
            acc = c.fma(c, acc);
        }
        double squares = acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            float c = x[at + j] - mean;
            xhat[at + j] = c;
            squares += c * c;
        }
        float inverse = (float) (1.0 / Math.sqrt(squares / n + epsilon));
        FloatVector vinv = FloatVector.broadcast(S, inverse);
        for (j = 0; j < bound; j += L) {
            FloatVector h = FloatVector.fromArray(S, xhat, at + j).mul(vinv);
            h.intoArray(xhat, at + j);
            h.fma(FloatVector.fromArray(S, gain, j), FloatVector.fromArray(S, bias, j)).intoArray(y, at + j);
        }
        for (; j < n; j++) {
            float h = xhat[at + j] * inverse;
            xhat[at + j] = h;
            y[at + j] = h * gain[j] + bias[j];
        }
        return inverse;
    }

    @Override
    public void layerNormBackward(float[] dy, float[] xhat, float inverse, float[] gain, float[] dGain, float[] dBias,
                                  float[] dx, int at, int n) {
        int bound = S.loopBound(n);
        FloatVector accD = FloatVector.zero(S);
        FloatVector accDx = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector e = FloatVector.fromArray(S, dy, at + j);
            FloatVector h = FloatVector.fromArray(S, xhat, at + j);
            e.fma(h, FloatVector.fromArray(S, dGain, j)).intoArray(dGain, j);
            e.add(FloatVector.fromArray(S, dBias, j)).intoArray(dBias, j);
            FloatVector d = e.mul(FloatVector.fromArray(S, gain, j));
            d.intoArray(dx, at + j);
            accD = accD.add(d);
            accDx = d.fma(h, accDx);
        }
        double sumD = accD.reduceLanes(VectorOperators.ADD);
        double sumDx = accDx.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            float e = dy[at + j];
            float h = xhat[at + j];
            dGain[j] += e * h;
            dBias[j] += e;
            float d = e * gain[j];
            dx[at + j] = d;
            sumD += d;
            sumDx += d * h;
        }
        float meanD = (float) (sumD / n);
        float meanDx = (float) (sumDx / n);
        FloatVector vmeanD = FloatVector.broadcast(S, meanD);
        FloatVector vmeanDx = FloatVector.broadcast(S, meanDx);
        FloatVector vinv = FloatVector.broadcast(S, inverse);
        for (j = 0; j < bound; j += L) {
            FloatVector h = FloatVector.fromArray(S, xhat, at + j);
            FloatVector.fromArray(S, dx, at + j).sub(vmeanD).sub(h.mul(vmeanDx)).mul(vinv).intoArray(dx, at + j);
        }
        for (; j < n; j++) {
            dx[at + j] = (dx[at + j] - meanD - xhat[at + j] * meanDx) * inverse;
        }
    }

    @Override
    public double softmaxCrossEntropy(float[] z, int from, int n, int label, float smoothing, float weight) {
        int bound = S.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector vtotal = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector v = FloatVector.fromArray(S, z, from + j);
            vmax = vmax.max(v);
            vtotal = vtotal.add(v);
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        double total = vtotal.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            max = Math.max(max, z[from + j]);
            total += z[from + j];
        }
        float labelLogit = z[from + label];
        FloatVector shiftMax = FloatVector.broadcast(S, max);
        FloatVector vsum = FloatVector.zero(S);
        for (j = 0; j < bound; j += L) {
            FloatVector e = exp(FloatVector.fromArray(S, z, from + j).sub(shiftMax));
            e.intoArray(z, from + j);
            vsum = vsum.add(e);
        }
        double sum = vsum.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            float e = (float) Math.exp(z[from + j] - max);
            z[from + j] = e;
            sum += e;
        }
        float scale = (float) (weight / sum);
        float shift = weight * smoothing / n;
        FloatVector vscale = FloatVector.broadcast(S, scale);
        FloatVector vshift = FloatVector.broadcast(S, shift);
        for (j = 0; j < bound; j += L) {
            FloatVector.fromArray(S, z, from + j).mul(vscale).sub(vshift).intoArray(z, from + j);
        }
        for (; j < n; j++) {
            z[from + j] = z[from + j] * scale - shift;
        }
        z[from + label] -= weight * (1 - smoothing);
        return SoftmaxLoss.of(max, total / n, labelLogit, sum, smoothing, weight);
    }

    @Override
    public void lstmCellForward(float[] gates, int g, float[] cPrev, int p, float[] c, float[] tanhC, float[] h, int s,
                                int n) {
        int j = 0;
        for (; j < S.loopBound(n); j += L) {
            FloatVector a = tanh(FloatVector.fromArray(S, gates, g + j));
            FloatVector f = sigmoid(FloatVector.fromArray(S, gates, g + n + j));
            FloatVector o = sigmoid(FloatVector.fromArray(S, gates, g + 2 * n + j));
            FloatVector i = sigmoid(FloatVector.fromArray(S, gates, g + 3 * n + j));
            a.intoArray(gates, g + j);
            f.intoArray(gates, g + n + j);
            o.intoArray(gates, g + 2 * n + j);
            i.intoArray(gates, g + 3 * n + j);
            FloatVector cell = cPrev == null ? i.mul(a) : f.fma(FloatVector.fromArray(S, cPrev, p + j), i.mul(a));
            FloatVector t = tanh(cell);
            cell.intoArray(c, s + j);
            t.intoArray(tanhC, s + j);
            o.mul(t).intoArray(h, s + j);
        }
        if (j < n) {
            ScalarKernels.INSTANCE.lstmCellForward(gates, g + j, cPrev, p + j, c, tanhC, h, s + j, n - j, n);
        }
    }

    private static FloatVector sigmoid(FloatVector x) {
        return ONE.div(exp(x.neg()).add(ONE));
    }

    /** {@code 1 − 2/(e^{2x} + 1)}: ±1 at the extremes, NaN only for NaN. */
    private static FloatVector tanh(FloatVector x) {
        return ONE.sub(TWO.div(exp(x.add(x)).add(ONE)));
    }

    /**
     * e^x from exactly rounded operations only (Cephes' expf: Cody-Waite reduction by n·ln 2, a degree-6 polynomial,
     * 2^n built in the exponent bits; within 2 ulp). Not the Vector API's EXP: that one is SVML once C2 has compiled
     * the loop and a Java fallback before, and the two differ in the last bit, so a run's numbers would depend on
     * how warm the JIT was (a resumed training run no longer matched an uninterrupted one). Inputs are clamped to
     * [-87, 88]: e^-87 ≈ 1.6e-38 stands in for smaller values, e^88 ≈ 1.7e38 for larger; NaN stays NaN.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = v.fma(LOG2E, ROUNDER);                 // x·log2(e) rounded to an integer n, in t's low bits
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(MINUS_LN2_LO, n.fma(MINUS_LN2_HI, v));   // x − n·ln 2 in two parts
        FloatVector p = r.fma(P0, P1).fma(r, P2).fma(r, P3).fma(r, P4).fma(r, P5);
        FloatVector e = p.mul(r.mul(r)).add(r).add(ONE);       // e^r for |r| ≤ ln2/2
        IntVector twoToN = ((IntVector) t.reinterpretAsInts()).sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return e.mul(twoToN.reinterpretAsFloats());
    }
}
