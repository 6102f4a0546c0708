package org.sparknmt.eval;

import java.io.Serializable;

/**
 * How chrF is computed; the parameters and defaults of sacreBLEU 2.x's {@code CHRF}.
 *
 * @param charOrder    character n-gram orders 1..charOrder ({@code -cc}, default 6)
 * @param wordOrder    word n-gram orders 1..wordOrder ({@code -cw}, default 0; 2 is chrF++)
 * @param beta         recall weight ({@code --chrf-beta}, default 2)
 * @param lowercase    lower-case both sides first ({@code --chrf-lowercase})
 * @param whitespace   keep whitespace in character n-grams ({@code --chrf-whitespace}); by default every
 *                     whitespace character is removed first
 * @param epsSmoothing average per-order F-scores with epsilon smoothing ({@code --chrf-eps-smoothing}, as
 *                     chrF++.py, Moses and NLTK do); by default precision and recall are averaged over the
 *                     orders that have both hypothesis and reference n-grams (sacreBLEU's "eff:yes")
 */
public record ChrfOptions(int charOrder, int wordOrder, int beta, boolean lowercase, boolean whitespace,
                          boolean epsSmoothing) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** sacreBLEU's chrF defaults: chrF2, character orders 1..6, no words, whitespace removed, mixed case. */
    public static final ChrfOptions DEFAULT = new ChrfOptions(6, 0, 2, false, false, false);
    /** chrF++ ({@code -m chrf --chrf-word-order 2}). */
    public static final ChrfOptions CHRF_PLUS_PLUS = new ChrfOptions(6, 2, 2, false, false, false);

    public ChrfOptions {
        if (charOrder < 0 || wordOrder < 0 || charOrder + wordOrder < 1) {
            throw new IllegalArgumentException("chrF needs charOrder >= 0, wordOrder >= 0 and at least one order;"
                    + " got charOrder=" + charOrder + ", wordOrder=" + wordOrder);
        }
        if (beta < 0) {
            throw new IllegalArgumentException("chrF beta must be >= 0, got " + beta);
        }
    }

    /** The metric's name as sacreBLEU prints it: {@code chrF2}, or {@code chrF2++} with word order 2. */
    public String metricName() {
        return "chrF" + beta + "+".repeat(wordOrder);
    }

    /** The signature of scores computed with these options. */
    public String signature() {
        return Signatures.chrf(this);
    }

    /** Number of orders, character then word: each has a (hyp, ref, match) triple in the statistics. */
    int orders() {
        return charOrder + wordOrder;
    }
}
