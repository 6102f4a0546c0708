package org.sparknmt.eval;

import java.util.Objects;

/**
 * A corpus TER score. sacreBLEU prints no details for TER, only {@code TER = 17.16}.
 *
 * @param score     TER in percent: 100 * edits / reference words; 100 if there are edits but no reference words,
 *                  0 if neither (can exceed 100)
 * @param numEdits  edits summed over the segments (shifts, insertions, deletions, substitutions)
 * @param refLength reference words summed over the segments
 * @param signature the reproducibility signature, see {@link Signatures}
 */
public record TerScore(double score, long numEdits, long refLength, String signature) {
    /** The metric's name as sacreBLEU prints it. */
    public static final String NAME = "TER";

    public TerScore {
        Objects.requireNonNull(signature, "signature");
    }

    /** sacreBLEU's {@code TER._compute_score_from_stats}. */
    static TerScore of(long numEdits, long refLength, String signature) {
        double score;
        if (refLength > 0) {
            score = (double) numEdits / refLength;
        } else {
            score = numEdits > 0 ? 1.0 : 0.0;
        }
        return new TerScore(100 * score, numEdits, refLength, signature);
    }

    /** {@code TER = 17.16}. */
    public String format() {
        return format(2);
    }

    /** As {@link #format()} with the score printed to {@code width} decimals (sacreBLEU's {@code -w}). */
    public String format(int width) {
        return ScoreText.line(NAME, null, score, width, "");
    }

    /** sacreBLEU's {@code -f text} line: {@code TER|nrefs:1|...|version:... = 17.16}. */
    public String formatWithSignature(int width) {
        return ScoreText.line(NAME, signature, score, width, "");
    }

    /** sacreBLEU's {@code -b} output: the score alone, to {@code width} decimals. */
    public String formatScore(int width) {
        return PyFormat.fixed(score, width);
    }

    /** sacreBLEU's default JSON output ({@code -f json}), without the final newline. */
    public String toJson(int width) {
        return ScoreText.json(NAME, signature, score, width, "");
    }

    @Override
    public String toString() {
        return formatWithSignature(2);
    }
}
