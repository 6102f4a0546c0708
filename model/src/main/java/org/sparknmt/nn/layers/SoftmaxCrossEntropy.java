package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparknmt.nn.kernels.FloatKernels;

import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Softmax and cross-entropy of logits {@code [N, V]} against index labels, in one pass over the array and in place:
 * the logits become the probabilities, and the loss of row r is {@code log Σ_v exp(z_rv − m_r) − (z_r,label − m_r)}
 * with {@code m_r} the row maximum, which neither overflows nor takes the log of an underflowed probability. Rows
 * with mask 0 add nothing and get a zero gradient.
 *
 * <p>With label smoothing ε the target of a row is {@code (1−ε)·onehot + ε/V} (uniform over the whole vocabulary, as
 * in Szegedy et al. 2016 and fairseq): the loss is {@code (1−ε)·(−log p_label) + ε·mean_v(−log p_v)} and the
 * gradient {@code p − target}. ε = 0 is plain cross-entropy, computed exactly as without smoothing.
 */
final class SoftmaxCrossEntropy {
    /** Rows of a FLOAT batch are copied out and back in blocks of about this many values (a core's L2). */
    private static final int BLOCK_VALUES = 64 * 1024;
    private final int[] labels;
    private final double[] mask;
    private final double smoothing;

    private SoftmaxCrossEntropy(int[] labels, double[] mask, double smoothing) {
        this.labels = labels;
        this.mask = mask;
        this.smoothing = smoothing;
    }

    /**
     * Labels {@code [mb, 1, T]} (or any shape with {@code rows} elements in row order), mask {@code [mb, T]} or null
     * for all ones; each label is checked against the vocabulary size.
     */
    static SoftmaxCrossEntropy of(INDArray labels, INDArray mask, long rows, long vocab, String layer) {
        return of(labels, mask, rows, vocab, layer, 0.0);
    }

    /** As {@link #of(INDArray, INDArray, long, long, String)}, with label smoothing {@code smoothing} in [0, 1). */
    static SoftmaxCrossEntropy of(INDArray labels, INDArray mask, long rows, long vocab, String layer,
                                  double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException(layer + ": label smoothing " + smoothing + " is outside [0, 1)");
        }
        if (labels.length() != rows) {
            throw new IllegalArgumentException(layer + ": " + labels.length() + " labels for " + rows
                    + " output rows (labels must be indices [minibatch, 1, time])");
        }
        int[] idx = labels.dup('c').reshape(rows).toIntVector();
        double[] m = mask == null ? null : mask.dup('c').reshape(rows).toDoubleVector();
        if (m != null && m.length != rows) {
            throw new IllegalArgumentException(layer + ": mask of " + m.length + " entries for " + rows + " output rows");
        }
        for (int r = 0; r < idx.length; r++) {
            if ((m == null || m[r] != 0) && (idx[r] < 0 || idx[r] >= vocab)) {
                throw new IllegalArgumentException(layer + ": label " + idx[r] + " at row " + r
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
        return new SoftmaxCrossEntropy(idx, m, smoothing);
    }

    /**
     * The rows that count (mask not 0), or null when all or none do: the output layer computes logits for those
     * only, so padding costs no share of its matrix multiplies.
     */
    int[] countedRows() {
        if (mask == null) {
            return null;
        }
        int count = 0;
        for (double m : mask) {
            count += m != 0 ? 1 : 0;
        }
        if (count == mask.length || count == 0) {
            return null; // all rows, or none: the full pass weights every row by its mask anyway
        }
        int[] rows = new int[count];
        for (int r = 0, k = 0; r < mask.length; r++) {
            if (mask[r] != 0) {
                rows[k++] = r;
            }
        }
        return rows;
    }

    /** The loss over the given rows only, in that order (row k of the logits is row {@code rows[k]} here). */
    SoftmaxCrossEntropy subset(int[] rows) {
        int[] l = new int[rows.length];
        double[] m = mask == null ? null : new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            l[k] = labels[rows[k]];
            if (m != null) {
                m[k] = mask[rows[k]];
            }
        }
        return new SoftmaxCrossEntropy(l, m, smoothing);
    }

    /**
     * The summed masked loss, with the logits {@code z} replaced by its gradient: what {@link #lossInPlace} then
     * {@link #toGradientInPlace} give. A whole C-ordered FLOAT array goes through one fused kernel per row
     * ({@link FloatKernels#softmaxCrossEntropy}: three passes over a row in cache instead of a dozen ND4J passes over
     * the whole batch of logits, which at [1088, 8000] took ~40 ms of a Transformer step), rows moved out and back in
     * blocks by bulk copies; any other array through those two.
     */
    double lossAndGradientInPlace(INDArray z) {
        if (z.dataType() != DataType.FLOAT || z.isView() || z.ordering() != 'c' || z.offset() != 0) {
            double loss = lossInPlace(z);
            toGradientInPlace(z);
            return loss;
        }
        int rows = labels.length;
        int v = (int) z.size(1);
        int block = Math.max(1, Math.min(rows, BLOCK_VALUES / v));
        float[] buf = new float[block * v];
        FloatBuffer memory = z.data().asNioFloat();
        FloatKernels kernels = FloatKernels.best();
        double total = 0;
        try {
            for (int first = 0; first < rows; first += block) {
                int n = Math.min(block, rows - first);
                memory.get(first * v, buf, 0, n * v);
                for (int i = 0; i < n; i++) {
                    double w = weight(first + i);
                    if (w == 0) {
                        Arrays.fill(buf, i * v, (i + 1) * v, 0f);
                    } else {
                        total += kernels.softmaxCrossEntropy(buf, i * v, v, labels[first + i], (float) smoothing,
                                (float) w);
                    }
                }
                memory.put(first * v, buf, 0, n * v);
            }
        } finally { // the NIO view alone does not keep z's memory alive
            Reference.reachabilityFence(z);
        }
        return total;
    }

    /** Summed masked loss; {@code z} becomes the softmax. */
    double lossInPlace(INDArray z) {
        return total(lossPerRowInPlace(z));
    }

    static double total(double[] perRow) {
        double total = 0;
        for (double v : perRow) {
            total += v;
        }
        return total;
    }

    /** Masked loss per row; {@code z} becomes the softmax. */
    double[] lossPerRowInPlace(INDArray z) {
        int rows = labels.length;
        z.subiColumnVector(z.max(true, 1));
        double[] shiftedLabelLogit = new double[rows];
        for (int r = 0; r < rows; r++) {
            if (weight(r) != 0) {
                shiftedLabelLogit[r] = z.getDouble(r, labels[r]);
            }
        }
        double[] meanShiftedLogit = smoothing > 0 ? z.mean(true, 1).reshape(rows).toDoubleVector() : null;
        Transforms.exp(z, false);
        INDArray sums = z.sum(true, 1);
        z.diviColumnVector(sums);
        double[] s = sums.reshape(rows).toDoubleVector();
        double[] loss = new double[rows];
        for (int r = 0; r < rows; r++) {
            double w = weight(r);
            if (w != 0) {
                double logSum = Math.log(s[r]);
                double nll = logSum - shiftedLabelLogit[r];
                loss[r] = smoothing > 0 ? w * ((1 - smoothing) * nll + smoothing * (logSum - meanShiftedLogit[r]))
                        : w * nll;
            }
        }
        return loss;
    }

    /**
     * Probabilities {@code p} (from a loss call) become the gradient w.r.t. the logits, {@code mask·(p − target)}:
     * {@code target = onehot} without smoothing.
     */
    void toGradientInPlace(INDArray p) {
        if (smoothing > 0) {
            p.subi(smoothing / p.size(1));
        }
        for (int r = 0; r < labels.length; r++) {
            if (weight(r) != 0) {
                p.putScalar(r, labels[r], p.getDouble(r, labels[r]) - (1.0 - smoothing));
            }
        }
        if (mask != null) {
            p.muliColumnVector(org.nd4j.linalg.factory.Nd4j.createFromArray(mask).castTo(p.dataType()).reshape(labels.length, 1));
        }
    }

    /** Softmax of logits {@code [N, V]} along rows, in place. */
    static void softmaxInPlace(INDArray z) {
        z.subiColumnVector(z.max(true, 1));
        Transforms.exp(z, false);
        z.diviColumnVector(z.sum(true, 1));
    }

    private double weight(int r) {
        return mask == null ? 1.0 : mask[r];
    }
}
