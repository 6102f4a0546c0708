package org.sparknmt.decode;

/**
 * The GNMT length penalty {@code lp(L) = (5 + L)^alpha / 6^alpha} (Wu et al. 2016): a hypothesis scores
 * {@code logProb / lp(L)}, where {@code L} counts its tokens plus the final EOS when it has one. {@code alpha = 0}
 * turns it off ({@code lp = 1}); a larger alpha favours longer hypotheses. {@code lp} grows with {@code L} for
 * {@code alpha > 0}.
 *
 * @param alpha the exponent, finite and {@code >= 0}
 */
public record LengthPenalty(double alpha) {

    /** No penalty: scores equal log-probabilities. */
    public static final LengthPenalty OFF = new LengthPenalty(0.0);

    public LengthPenalty {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("length penalty alpha must be finite and >= 0 (0 = off), got " + alpha);
        }
    }

    /** {@code lp(length)}; 1 when alpha is 0. */
    public double of(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        return alpha == 0.0 ? 1.0 : Math.pow(5.0 + length, alpha) / Math.pow(6.0, alpha);
    }

    /** {@code logProb / lp(length)}. */
    public double score(double logProb, int length) {
        return logProb / of(length);
    }
}
