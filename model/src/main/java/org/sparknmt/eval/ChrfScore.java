package org.sparknmt.eval;

import java.util.Objects;

/**
 * A corpus chrF score. sacreBLEU prints no details for chrF, only {@code chrF2 = 52.47}.
 *
 * @param score     chrF in [0, 100]
 * @param name      {@code chrF2}, {@code chrF2++}, ... (see {@link ChrfOptions#metricName()})
 * @param signature the reproducibility signature, see {@link Signatures}
 */
public record ChrfScore(double score, String name, String signature) {
    public ChrfScore {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signature, "signature");
    }

    /** {@code chrF2 = 52.47}. */
    public String format() {
        return format(2);
    }

    /** As {@link #format()} with the score printed to {@code width} decimals (sacreBLEU's {@code -w}). */
    public String format(int width) {
        return ScoreText.line(name, null, score, width, "");
    }

    /** sacreBLEU's {@code -f text} line: {@code chrF2|nrefs:1|...|version:... = 52.47}. */
    public String formatWithSignature(int width) {
        return ScoreText.line(name, signature, score, width, "");
    }

    /** sacreBLEU's {@code -b} output: the score alone, to {@code width} decimals. */
    public String formatScore(int width) {
        return PyFormat.fixed(score, width);
    }

    /** sacreBLEU's default JSON output ({@code -f json}), without the final newline. */
    public String toJson(int width) {
        return ScoreText.json(name, signature, score, width, "");
    }

    @Override
    public String toString() {
        return formatWithSignature(2);
    }
}
