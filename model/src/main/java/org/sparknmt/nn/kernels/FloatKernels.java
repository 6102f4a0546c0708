package org.sparknmt.nn.kernels;

/**
 * Element-wise float arithmetic over array ranges, the inner loops of decoding (and of anything else that reads
 * thousands of values per call): in SIMD lanes through the JDK's Vector API when the JVM runs with
 * {@code --add-modules=jdk.incubator.vector} (the launchers and the tests do), else in plain Java loops. The SIMD
 * {@code exp} and {@code tanh} are the JDK's (SVML on x86); both implementations agree to float rounding. Stateless.
 */
public interface FloatKernels {

    /** The SIMD implementation when the incubator module is present, else the scalar one. */
    static FloatKernels best() {
        return Holder.BEST;
    }

    /** The plain-Java implementation (the reference in tests). */
    static FloatKernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** Whether {@link #best} is the SIMD implementation. */
    static boolean simd() {
        return Holder.BEST != ScalarKernels.INSTANCE;
    }

    /** {@code x[xFrom + j] += y[yFrom + j]} for j < n. */
    void add(float[] x, int xFrom, float[] y, int yFrom, int n);

    /** Σ a[aFrom + j]·b[bFrom + j] over j < n. */
    float dot(float[] a, int aFrom, float[] b, int bFrom, int n);

    /** {@code y[yFrom + j] += alpha·x[xFrom + j]} for j < n. */
    void axpy(float alpha, float[] x, int xFrom, float[] y, int yFrom, int n);

    /**
     * The first index {@code i} in {@code [from, to)} with {@code x[i] >= bound}, or {@code to} if there is none
     * (NaN is never {@code >=}): a scan that skips runs of values below a bound in lanes.
     */
    int firstAtLeast(float[] x, int from, int to, float bound);

    /** Whether every one of {@code x[from, from + n)} is {@code < limit} (NaN is not). */
    boolean allBelow(float[] x, int from, int n, float limit);

    /** log-softmax of {@code x[from, from + n)} in place: {@code x − max − log Σ exp(x − max)}. */
    void logSoftmax(float[] x, int from, int n);

    /**
     * Softmax cross-entropy of one row of logits {@code z[from, from + n)} against {@code label}, with label
     * smoothing ε (the target is {@code (1−ε)·onehot(label) + ε/n}) and a weight (0 for a masked row), in place:
     * {@code z} becomes the loss's gradient {@code weight·(softmax(z) − target)}; returns
     * {@code weight·((1−ε)·(−log p_label) + ε·mean_v(−log p_v))}. Three passes over one row instead of a dozen
     * over a whole batch of logits.
     */
    double softmaxCrossEntropy(float[] z, int from, int n, int label, float smoothing, float weight);

    /**
     * Layer normalisation of the row {@code x[at, at + n)}: writes {@code x̂ = (x − mean)/√(var + ε)} into
     * {@code xhat[at, at + n)} and {@code x̂·gain + bias} (gain and bias from 0) into {@code y[at, at + n)}; returns
     * {@code 1/√(var + ε)}. {@code xhat} and {@code y} may be {@code x} itself.
     */
    float layerNorm(float[] x, float[] gain, float[] bias, float epsilon, float[] xhat, float[] y, int at, int n);

    /**
     * The gradient of {@link #layerNorm} for one row: from {@code dy[at, at + n)}, the row's {@code x̂} and
     * {@code 1/σ}, writes {@code dx[at, at + n)} and adds into {@code dGain} and {@code dBias} (from 0).
     */
    void layerNormBackward(float[] dy, float[] xhat, float inverse, float[] gain, float[] dGain, float[] dBias,
                           float[] dx, int at, int n);

    /**
     * One LSTM cell update for one row, in place: {@code gates} from {@code g} holds pre-activations
     * {@code [a | f | o | i]}, each {@code n} wide (DL4J's layout); then {@code c = σ(f)·c + σ(i)·tanh(a)} and
     * {@code h = σ(o)·tanh(c)} over {@code c} and {@code h} from {@code s}. The gates are left as they were or
     * activated (callers must not rely on either).
     */
    default void lstmCell(float[] gates, int g, float[] c, float[] h, int s, int n) {
        lstmCellForward(gates, g, c, s, c, h, h, s, n); // in place: c is read before it is written, and h is last
    }

    /**
     * One LSTM cell's forward step for training, for one row: activates the pre-activations in {@code gates} from
     * {@code g} in place ({@code [a | f | o | i]} → tanh(a), σ(f), σ(o), σ(i)), then writes {@code c = σ(f)·cPrev +
     * σ(i)·tanh(a)}, {@code tanhC = tanh(c)} and {@code h = σ(o)·tanh(c)}, each {@code n} wide from {@code s};
     * {@code cPrev} is read from {@code p}, or is zero when null. The backward pass reads the activated gates and
     * tanh(c).
     */
    void lstmCellForward(float[] gates, int g, float[] cPrev, int p, float[] c, float[] tanhC, float[] h, int s, int n);

    /** Loaded on first use, so the SIMD class is never touched without its module. */
    final class Holder {
        static final FloatKernels BEST = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? new SimdKernels() : ScalarKernels.INSTANCE;

        private Holder() {
        }
    }
}
