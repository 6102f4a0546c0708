package org.sparknmt.eval;

import java.util.Arrays;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A corpus BLEU score with sacreBLEU's details. Immutable (arrays are copied in and out).
 *
 * @param score      BLEU in [0, 100]
 * @param precisions the n-gram precisions in percent, n = 1..4 (smoothed as sacreBLEU's 'exp' method does)
 * @param bp         the brevity penalty
 * @param ratio      hypothesis length / reference length (0 when the reference length is 0)
 * @param hypLength  hypothesis tokens
 * @param refLength  reference tokens
 * @param counts     matching (clipped) n-grams per order
 * @param totals     hypothesis n-grams per order
 * @param signature  the reproducibility signature, see {@link Signatures}
 */
public record BleuScore(double score, double[] precisions, double bp, double ratio, long hypLength, long refLength,
                        long[] counts, long[] totals, String signature) {
    /** The metric's name as sacreBLEU prints it. */
    public static final String NAME = "BLEU";

    public BleuScore {
        precisions = precisions.clone();
        counts = counts.clone();
        totals = totals.clone();
        Objects.requireNonNull(signature, "signature");
    }

    @Override
    public double[] precisions() {
        return precisions.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public long[] totals() {
        return totals.clone();
    }

    /** sacreBLEU's detail part: {@code 91.1/77.9/66.0/56.0 (BP = 1.000 ratio = 1.006 hyp_len = 6102 ref_len = 6066)}. */
    public String verbose() {
        StringJoiner prec = new StringJoiner("/");
        for (double p : precisions) {
            prec.add(PyFormat.fixed(p, 1));
        }
        return prec + " (BP = " + PyFormat.fixed(bp, 3) + " ratio = " + PyFormat.fixed(ratio, 3)
                + " hyp_len = " + hypLength + " ref_len = " + refLength + ")";
    }

    /** {@code BLEU = 71.54 91.1/77.9/66.0/56.0 (BP = 1.000 ratio = 1.006 hyp_len = 6102 ref_len = 6066)}. */
    public String format() {
        return format(2);
    }

    /** As {@link #format()} with the score printed to {@code width} decimals (sacreBLEU's {@code -w}). */
    public String format(int width) {
        return ScoreText.line(NAME, null, score, width, verbose());
    }

    /** sacreBLEU's {@code -f text} line: {@code BLEU|nrefs:1|...|version:... = 71.54 91.1/...}. */
    public String formatWithSignature(int width) {
        return ScoreText.line(NAME, signature, score, width, verbose());
    }

    /** sacreBLEU's {@code -b} output: the score alone, to {@code width} decimals. */
    public String formatScore(int width) {
        return PyFormat.fixed(score, width);
    }

    /** sacreBLEU's default JSON output ({@code -f json}), without the final newline. */
    public String toJson(int width) {
        return ScoreText.json(NAME, signature, score, width, verbose());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BleuScore b && Double.compare(score, b.score) == 0
                && Arrays.equals(precisions, b.precisions) && Double.compare(bp, b.bp) == 0
                && Double.compare(ratio, b.ratio) == 0 && hypLength == b.hypLength && refLength == b.refLength
                && Arrays.equals(counts, b.counts) && Arrays.equals(totals, b.totals)
                && signature.equals(b.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(score, Arrays.hashCode(precisions), bp, ratio, hypLength, refLength,
                Arrays.hashCode(counts), Arrays.hashCode(totals), signature);
    }

    @Override
    public String toString() {
        return formatWithSignature(2);
    }
}
