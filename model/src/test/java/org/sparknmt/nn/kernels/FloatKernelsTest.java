package org.sparknmt.nn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SIMD kernels agree with the scalar ones (and with the definitions) to float rounding, on lengths that are and
 * are not multiples of the vector width and at offsets inside larger arrays. The build runs tests with the Vector
 * API module, so {@link FloatKernels#best} is the SIMD implementation here.
 */
class FloatKernelsTest {
    private static final int[] LENGTHS = {1, 7, 16, 31, 64, 100, 8000};
    private final FloatKernels simd = FloatKernels.best();
    private final FloatKernels scalar = FloatKernels.scalar();

    @Test
    void theTestsRunTheSimdKernels() {
        assertTrue(FloatKernels.simd(), "tests must run with --add-modules=jdk.incubator.vector (pom test.jvm.options)");
    }

    @Test
    void dotAxpyAndAddMatchTheDefinitions() {
        Random random = new Random(1);
        for (int n : LENGTHS) {
            float[] a = values(random, n + 5, 3);
            float[] b = values(random, n + 9, 3);
            double dot = 0;
            for (int j = 0; j < n; j++) {
                dot += a[3 + j] * b[7 + j];
            }
            assertEquals(dot, simd.dot(a, 3, b, 7, n), 1e-4 * Math.max(1, Math.abs(dot)), "dot n=" + n);
            assertEquals(dot, scalar.dot(a, 3, b, 7, n), 1e-4 * Math.max(1, Math.abs(dot)), "scalar dot n=" + n);
            float[] y1 = b.clone();
            float[] y2 = b.clone();
            simd.axpy(0.7f, a, 3, y1, 7, n);
            scalar.axpy(0.7f, a, 3, y2, 7, n);
            assertClose(y2, y1, 1e-5f, "axpy n=" + n);
            assertEquals(b[6], y1[6], "axpy leaves what is outside the range");
            float[] x1 = a.clone();
            float[] x2 = a.clone();
            simd.add(x1, 3, b, 7, n);
            scalar.add(x2, 3, b, 7, n);
            assertClose(x2, x1, 0f, "add n=" + n);
        }
    }

    @Test
    void logSoftmaxGivesLogProbabilities() {
        Random random = new Random(2);
        for (int n : LENGTHS) {
            float[] x1 = values(random, n + 4, 20);
            float[] x2 = x1.clone();
            simd.logSoftmax(x1, 2, n);
            scalar.logSoftmax(x2, 2, n);
            assertClose(x2, x1, 2e-5f, "logSoftmax n=" + n);
            double total = 0;
            for (int j = 2; j < 2 + n; j++) {
                total += Math.exp(x1[j]);
            }
            assertEquals(1.0, total, 1e-4, "probabilities sum to 1, n=" + n);
        }
    }

    @Test
    void softmaxCrossEntropyGivesTheSmoothedLossAndItsGradient() {
        Random random = new Random(5);
        float smoothing = 0.1f;
        float weight = 0.5f;
        for (int n : LENGTHS) {
            float[] z = values(random, n + 3, 20);
            int label = n / 2;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, z[3 + j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(z[3 + j] - max);
            }
            double[] logP = new double[n];
            double meanNll = 0;
            for (int j = 0; j < n; j++) {
                logP[j] = z[3 + j] - max - Math.log(sum);
                meanNll -= logP[j] / n;
            }
            double loss = weight * ((1 - smoothing) * -logP[label] + smoothing * meanNll);
            float[] expected = z.clone();
            for (int j = 0; j < n; j++) {
                double target = smoothing / n + (j == label ? 1 - smoothing : 0);
                expected[3 + j] = (float) (weight * (Math.exp(logP[j]) - target));
            }
            for (FloatKernels k : new FloatKernels[]{simd, scalar}) {
                float[] g = z.clone();
                double got = k.softmaxCrossEntropy(g, 3, n, label, smoothing, weight);
                String what = (k == simd ? "simd" : "scalar") + " n=" + n;
                assertEquals(loss, got, 1e-5 * Math.max(1, loss), "loss " + what);
                assertClose(expected, g, 1e-6f, "gradient " + what);
            }
        }
    }

    @Test
    void layerNormAndItsGradientAgreeBetweenSimdAndScalar() {
        Random random = new Random(6);
        for (int n : LENGTHS) {
            float[] x = values(random, n + 2, 5);
            float[] gain = values(random, n, 1);
            float[] bias = values(random, n, 1);
            float[] dy = values(random, n + 2, 1);
            float[][] xhat = new float[2][n + 2];
            float[][] y = new float[2][n + 2];
            float[][] dx = new float[2][n + 2];
            float[][] dGain = new float[2][n];
            float[][] dBias = new float[2][n];
            FloatKernels[] both = {simd, scalar};
            for (int k = 0; k < 2; k++) {
                float inverse = both[k].layerNorm(x, gain, bias, 1e-5f, xhat[k], y[k], 2, n);
                both[k].layerNormBackward(dy, xhat[k], inverse, gain, dGain[k], dBias[k], dx[k], 2, n);
            }
            assertClose(y[1], y[0], 2e-5f, "layerNorm n=" + n);
            assertClose(dx[1], dx[0], 2e-4f, "layerNormBackward dx n=" + n);
            assertClose(dGain[1], dGain[0], 2e-5f, "dGain n=" + n);
            assertClose(dBias[1], dBias[0], 0f, "dBias n=" + n);
            if (n > 1) {
                double mean = 0;
                for (int j = 0; j < n; j++) {
                    mean += xhat[0][2 + j] / n;
                }
                assertEquals(0.0, mean, 1e-5, "normalised rows have mean 0, n=" + n);
            }
        }
    }

    @Test
    void firstAtLeastFindsTheFirstValueAtTheBoundAndNeverNaN() {
        Random random = new Random(4);
        for (int n : LENGTHS) {
            float[] x = values(random, n + 6, 5);
            for (float bound : new float[]{Float.NEGATIVE_INFINITY, -4f, 0f, 4.5f, Float.POSITIVE_INFINITY}) {
                for (int from : new int[]{3, 3 + n / 2}) {
                    int expected = from;
                    while (expected < 3 + n && !(x[expected] >= bound)) {
                        expected++;
                    }
                    assertEquals(expected, simd.firstAtLeast(x, from, 3 + n, bound), "n=" + n + " bound=" + bound);
                    assertEquals(expected, scalar.firstAtLeast(x, from, 3 + n, bound), "scalar n=" + n);
                }
            }
            float[] nan = new float[n];
            Arrays.fill(nan, Float.NaN);
            nan[n - 1] = 1f;
            assertEquals(n - 1, simd.firstAtLeast(nan, 0, n, -1f), "NaN is never at the bound, n=" + n);
            x[3 + n - 1] = 100f;
            assertEquals(3 + n - 1, simd.firstAtLeast(x, 3, 3 + n, 99f), "a hit in the last place, n=" + n);
            assertEquals(3 + n - 1, simd.firstAtLeast(x, 3, 3 + n - 1, 99f), "the end is exclusive, n=" + n);
        }
    }

    @Test
    void allBelowFindsNaNAndValuesAtTheLimitAnywhere() {
        for (int n : LENGTHS) {
            float[] x = new float[n + 4];
            Arrays.fill(x, -1f);
            assertTrue(simd.allBelow(x, 2, n, 0f) && scalar.allBelow(x, 2, n, 0f), "n=" + n);
            for (float bad : new float[]{Float.NaN, 0f, Float.POSITIVE_INFINITY}) {
                for (int at : new int[]{2, 2 + n / 2, 2 + n - 1}) {
                    float[] y = x.clone();
                    y[at] = bad;
                    assertTrue(!simd.allBelow(y, 2, n, 0f) && !scalar.allBelow(y, 2, n, 0f),
                            bad + " at " + at + ", n=" + n);
                }
            }
            x[1] = Float.NaN;
            x[2 + n] = Float.NaN;
            assertTrue(simd.allBelow(x, 2, n, 0f), "what lies outside the range does not count, n=" + n);
        }
    }

    @Test
    void lstmCellMatchesItsDefinition() {
        Random random = new Random(3);
        for (int n : new int[]{1, 5, 16, 24, 512}) {
            float[] gates = values(random, 4 * n + 8, 4);
            float[] c1 = values(random, n + 3, 2);
            float[] c2 = c1.clone();
            float[] h1 = new float[n + 3];
            float[] h2 = new float[n + 3];
            float[][] expected = cell(gates, 8, c1, 3, n);
            simd.lstmCell(gates.clone(), 8, c1, h1, 3, n);
            scalar.lstmCell(gates.clone(), 8, c2, h2, 3, n);
            assertClose(expected[1], Arrays.copyOfRange(c1, 3, 3 + n), 1e-5f, "simd c n=" + n);
            assertClose(expected[3], Arrays.copyOfRange(h1, 3, 3 + n), 1e-5f, "simd h n=" + n);
            assertClose(expected[1], Arrays.copyOfRange(c2, 3, 3 + n), 1e-6f, "scalar c n=" + n);
            assertClose(expected[3], Arrays.copyOfRange(h2, 3, 3 + n), 1e-6f, "scalar h n=" + n);
        }
    }

    @Test
    void lstmCellForwardActivatesTheGatesAndKeepsTanhOfTheCell() {
        Random random = new Random(5);
        for (int n : new int[]{1, 5, 16, 24, 512}) {
            for (boolean carried : new boolean[]{true, false}) {
                float[] gates = values(random, 4 * n + 8, 4);
                float[] previous = values(random, n + 2, 2);
                float[][] expected = cell(gates, 8, carried ? previous : null, 2, n);
                for (FloatKernels k : new FloatKernels[]{simd, scalar}) {
                    String what = (k == simd ? "simd" : "scalar") + " n=" + n + (carried ? " carried" : " fresh");
                    float[] g = gates.clone();
                    float[] c = new float[n + 3];
                    float[] t = new float[n + 3];
                    float[] h = new float[n + 3];
                    k.lstmCellForward(g, 8, carried ? previous : null, 2, c, t, h, 3, n);
                    assertClose(expected[0], g, 1e-6f, what + " gates");
                    assertClose(expected[1], Arrays.copyOfRange(c, 3, 3 + n), 1e-5f, what + " c");
                    assertClose(expected[2], Arrays.copyOfRange(t, 3, 3 + n), 1e-5f, what + " tanh c");
                    assertClose(expected[3], Arrays.copyOfRange(h, 3, 3 + n), 1e-5f, what + " h");
                    assertEquals(0f, Math.abs(c[2]) + Math.abs(t[2]) + Math.abs(h[2]), 0f,
                            what + ": nothing written before the row");
                }
            }
        }
    }

    /** The definition in double: {gates activated in place, c, tanh(c), h}; a null previous cell is zero. */
    private static float[][] cell(float[] gates, int g, float[] previous, int p, int n) {
        float[] activated = gates.clone();
        float[][] out = {activated, new float[n], new float[n], new float[n]};
        for (int j = 0; j < n; j++) {
            double a = Math.tanh(gates[g + j]);
            double f = 1 / (1 + Math.exp(-gates[g + n + j]));
            double o = 1 / (1 + Math.exp(-gates[g + 2 * n + j]));
            double i = 1 / (1 + Math.exp(-gates[g + 3 * n + j]));
            activated[g + j] = (float) a;
            activated[g + n + j] = (float) f;
            activated[g + 2 * n + j] = (float) o;
            activated[g + 3 * n + j] = (float) i;
            out[1][j] = (float) ((previous == null ? 0 : f * previous[p + j]) + i * a);
            out[2][j] = (float) Math.tanh(out[1][j]);
            out[3][j] = (float) (o * out[2][j]);
        }
        return out;
    }

    @Test
    void theLaneExpIsWithinTwoUlpOfMathExpAndSaturatesAtTheEnds() {
        float[] x = new float[4096];
        Random random = new Random(6);
        for (int i = 0; i < x.length; i++) {
            x[i] = (random.nextFloat() - 0.5f) * 170f;
        }
        x[0] = 0f;
        x[1] = -87f;
        x[2] = 88f;
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        for (int i = 0; i < x.length; i += s.length()) {
            float[] e = new float[s.length()];
            SimdKernels.exp(FloatVector.fromArray(s, x, i)).intoArray(e, 0);
            for (int j = 0; j < e.length; j++) {
                float expected = (float) Math.exp(x[i + j]);
                assertEquals(expected, e[j], 2 * Math.ulp(expected), "exp(" + x[i + j] + ")");
            }
        }
        float[] ends = {-1000f, Float.NEGATIVE_INFINITY, 1000f, Float.POSITIVE_INFINITY, Float.NaN, -0f, 1f, -1f};
        float[] e = new float[s.length()];
        SimdKernels.exp(FloatVector.fromArray(s, Arrays.copyOf(ends, s.length()), 0)).intoArray(e, 0);
        assertTrue(e[0] > 0 && e[0] < 2e-38f && e[1] == e[0], "underflow saturates at e^-87: " + e[0] + ", " + e[1]);
        assertTrue(e[2] > 1e38f && !Float.isInfinite(e[2]) && e[3] == e[2], "overflow saturates at e^88: " + e[2]);
        assertTrue(Float.isNaN(e[4]), "NaN stays NaN");
        assertEquals(1f, e[5], 0f);
        assertEquals((float) Math.E, e[6], Math.ulp((float) Math.E));
        assertEquals((float) (1 / Math.E), e[7], 2 * Math.ulp((float) (1 / Math.E)));
    }

    private static float[] values(Random random, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return v;
    }

    private static void assertClose(float[] expected, float[] actual, float tolerance, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }
}
