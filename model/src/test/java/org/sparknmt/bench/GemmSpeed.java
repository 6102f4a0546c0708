package org.sparknmt.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;

/**
 * Speed HARNESS (not a test) for ND4J's matrix multiply on the shapes of a reference-model training step (batch 64 ×
 * 30 steps = 1920 rows, vocab 8000, hidden 512, output input 1024, decoder input 768), into preallocated outputs as
 * our layers call it, with the second operand C-ordered and F-ordered (DL4J's parameter views are F-ordered).
 * Prints one line per shape: ms per call (median) and GFLOP/s. {@code bench/gemm-speed} runs the same shapes
 * through PyTorch for the side-by-side ratio.
 *
 * <pre>GemmSpeed [--iters 10] [--warmup 3]</pre>
 */
public final class GemmSpeed {
    /** name, m, k, n, transA, transB: C[m,n] = op(A)·op(B). */
    record Shape(String name, int m, int k, int n, boolean transA, boolean transB) {
        double gflop() {
            return 2.0 * m * k * n / 1e9;
        }
    }

    static final Shape[] SHAPES = {
            new Shape("output forward  x·W", 1920, 1024, 8000, false, false),
            new Shape("output dW       xT·dz", 1024, 1920, 8000, true, false),
            new Shape("output dx       dz·WT", 1920, 8000, 1024, false, true),
            new Shape("lstm input      x·W", 1920, 768, 2048, false, false),
            new Shape("lstm step       h·RW", 64, 512, 2048, false, false),
            new Shape("lstm step dh    dg·RWT", 64, 2048, 512, false, true),
            new Shape("attention proj  x·WT", 1920, 512, 512, false, true),
    };

    private GemmSpeed() {
    }

    public static void main(String[] args) {
        int iters = 10;
        int warmup = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--iters" -> iters = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("GemmSpeed [--iters 10] [--warmup 3]; unknown " + args[i]);
            }
        }
        Nd4j.getRandom().setSeed(1);
        for (Shape s : SHAPES) {
            for (char order : new char[]{'c', 'f'}) {
                INDArray a = s.transA ? Nd4j.rand(DataType.FLOAT, s.k, s.m) : Nd4j.rand(DataType.FLOAT, s.m, s.k);
                long[] bShape = s.transB ? new long[]{s.n, s.k} : new long[]{s.k, s.n};
                INDArray b = Nd4j.rand(DataType.FLOAT, bShape).dup(order);
                INDArray c = Nd4j.createUninitialized(DataType.FLOAT, new long[]{s.m, s.n}, 'c');
                double[] ms = new double[iters];
                for (int i = 0; i < warmup + iters; i++) {
                    long t0 = System.nanoTime();
                    Nd4j.gemm(a, b, c, s.transA, s.transB, 1.0, 0.0);
                    if (i >= warmup) {
                        ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                Arrays.sort(ms);
                double median = ms[iters / 2];
                System.out.printf(Locale.ROOT, "nd4j  %-22s B %s-order  %8.2f ms  %6.1f GFLOP/s%n", s.name, order, median,
                        s.gflop() / (median / 1e3));
            }
        }
    }
}
