package org.sparknmt.decode;

import java.util.Objects;

import org.sparknmt.nn.kernels.FloatKernels;
import org.sparknmt.vocab.Specials;

/**
 * A {@link StepScorer} as a decoder uses it: tracks the current row count, checks every call the decoder makes and
 * every array the scorer returns, and skips identity re-selections. Confined to one decode call.
 */
final class CheckedScorer {
    private static final FloatKernels K = FloatKernels.best();
    private final StepScorer scorer;
    private final int vocabSize;
    private int rows;

    /** Wraps a fresh session of {@code rows} rows (one per source). */
    CheckedScorer(StepScorer scorer, int rows) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.vocabSize = scorer.vocabSize();
        if (vocabSize <= Specials.EOS_ID) {
            throw new IllegalArgumentException("scorer vocabSize must be >= " + (Specials.EOS_ID + 1)
                    + " (PAD, UNK, BOS, EOS come first), got " + vocabSize);
        }
        this.rows = rows;
    }

    int vocabSize() {
        return vocabSize;
    }

    /** {@link StepScorer#logProbs}, checked: row-major {@code [rows × vocabSize]}, no NaN, no +Infinity. */
    float[] logProbs(int[] lastTokens) {
        if (lastTokens.length == 0 || lastTokens.length != rows) {
            throw new IllegalStateException("decoder bug: logProbs with " + lastTokens.length + " tokens for "
                    + rows + " rows");
        }
        float[] logProbs = scorer.logProbs(lastTokens);
        long expected = (long) rows * vocabSize;
        if (logProbs == null || logProbs.length != expected) {
            throw new IllegalStateException("scorer returned " + (logProbs == null ? "null" : logProbs.length
                    + " log-probabilities") + " for " + rows + " rows × vocabSize " + vocabSize + ", expected "
                    + expected);
        }
        if (K.allBelow(logProbs, 0, logProbs.length, Float.POSITIVE_INFINITY)) {
            return logProbs;
        }
        for (int i = 0; i < logProbs.length; i++) {
            if (!(logProbs[i] < Float.POSITIVE_INFINITY)) {
                throw new IllegalStateException("scorer returned " + logProbs[i] + " for row " + i / vocabSize
                        + ", token " + i % vocabSize + ": log-probabilities must be finite or -Infinity");
            }
        }
        return logProbs;
    }

    /** {@link StepScorer#select}, unless {@code selected} is the identity {@code [0, rows)}. */
    void select(int[] selected) {
        for (int row : selected) {
            if (row < 0 || row >= rows) {
                throw new IllegalStateException("decoder bug: select row " + row + " outside [0, " + rows + ")");
            }
        }
        if (!isIdentity(selected)) {
            scorer.select(selected);
            rows = selected.length;
        }
    }

    private boolean isIdentity(int[] selected) {
        if (selected.length != rows) {
            return false;
        }
        for (int i = 0; i < selected.length; i++) {
            if (selected[i] != i) {
                return false;
            }
        }
        return true;
    }
}
