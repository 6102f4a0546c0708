package org.sparknmt.nn.kernels;

/** {@link FloatKernels} in plain Java (double intermediates), for JVMs without the Vector API module. */
final class ScalarKernels implements FloatKernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public void add(float[] x, int xFrom, float[] y, int yFrom, int n) {
        for (int j = 0; j < n; j++) {
            x[xFrom + j] += y[yFrom + j];
        }
    }

    @Override
    public float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += a[aFrom + j] * b[bFrom + j];
        }
        return (float) s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xFrom, float[] y, int yFrom, int n) {
        for (int j = 0; j < n; j++) {
            y[yFrom + j] += alpha * x[xFrom + j];
        }
    }

    @Override
    public int firstAtLeast(float[] x, int from, int to, float bound) {
        int i = from;
        while (i < to && !(x[i] >= bound)) {
            i++;
        }
        return i;
    }

    @Override
    public boolean allBelow(float[] x, int from, int n, float limit) {
        for (int j = from; j < from + n; j++) {
            if (!(x[j] < limit)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void logSoftmax(float[] x, int from, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = from; j < from + n; j++) {
            max = Math.max(max, x[j]);
        }
        double sum = 0;
        for (int j = from; j < from + n; j++) {
            sum += Math.exp(x[j] - max);
        }
        float shift = (float) (max + Math.log(sum));
        for (int j = from; j < from + n; j++) {
            x[j] -= shift;
        }
    }

    @Override
    public float layerNorm(float[] x, float[] gain, float[] bias, float epsilon, float[] xhat, float[] y, int at, int n) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += x[at + j];
        }
        float mean = (float) (sum / n);
        double squares = 0;
        for (int j = 0; j < n; j++) {
            float c = x[at + j] - mean;
            xhat[at + j] = c;
            squares += c * c;
        }
        float inverse = (float) (1.0 / Math.sqrt(squares / n + epsilon));
        for (int j = 0; j < n; j++) {
            float h = xhat[at + j] * inverse;
            xhat[at + j] = h;
            y[at + j] = h * gain[j] + bias[j];
        }
        return inverse;
    }

    @Override
    public void layerNormBackward(float[] dy, float[] xhat, float inverse, float[] gain, float[] dGain, float[] dBias,
                                  float[] dx, int at, int n) {
        double sumD = 0;
        double sumDx = 0;
        for (int j = 0; j < n; j++) {
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
        for (int j = 0; j < n; j++) {
            dx[at + j] = (dx[at + j] - meanD - xhat[at + j] * meanDx) * inverse;
        }
    }

    @Override
    public double softmaxCrossEntropy(float[] z, int from, int n, int label, float smoothing, float weight) {
        float max = Float.NEGATIVE_INFINITY;
        double total = 0;
        for (int j = from; j < from + n; j++) {
            max = Math.max(max, z[j]);
            total += z[j];
        }
        float labelLogit = z[from + label];
        double sum = 0;
        for (int j = from; j < from + n; j++) {
            float e = (float) Math.exp(z[j] - max);
            z[j] = e;
            sum += e;
        }
        float scale = (float) (weight / sum);
        float shift = weight * smoothing / n;
        for (int j = from; j < from + n; j++) {
            z[j] = z[j] * scale - shift;
        }
        z[from + label] -= weight * (1 - smoothing);
        return SoftmaxLoss.of(max, total / n, labelLogit, sum, smoothing, weight);
    }

    @Override
    public void lstmCellForward(float[] gates, int g, float[] cPrev, int p, float[] c, float[] tanhC, float[] h, int s,
                                int n) {
        lstmCellForward(gates, g, cPrev, p, c, tanhC, h, s, n, n);
    }

    /** {@link #lstmCellForward} over {@code count} columns of gate blocks {@code n} apart (SIMD code's tail). */
    void lstmCellForward(float[] gates, int g, float[] cPrev, int p, float[] c, float[] tanhC, float[] h, int s,
                         int count, int n) {
        for (int j = 0; j < count; j++) {
            float a = (float) tanh(gates[g + j]);
            float f = (float) sigmoid(gates[g + n + j]);
            float o = (float) sigmoid(gates[g + 2 * n + j]);
            float i = (float) sigmoid(gates[g + 3 * n + j]);
            gates[g + j] = a;
            gates[g + n + j] = f;
            gates[g + 2 * n + j] = o;
            gates[g + 3 * n + j] = i;
            float cell = cPrev == null ? i * a : f * cPrev[p + j] + i * a;
            float t = (float) tanh(cell);
            c[s + j] = cell;
            tanhC[s + j] = t;
            h[s + j] = o * t;
        }
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** {@code 1 − 2/(e^{2x}+1)}: Math.exp is an intrinsic, Math.tanh is not; ±1 at the extremes, no NaN. */
    static double tanh(double x) {
        return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
    }
}
