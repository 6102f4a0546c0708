package org.sparknmt.eval;

import java.io.Serializable;
import java.util.Objects;

/**
 * How BLEU is computed, beyond the fixed choices (one reference, maximum n-gram order 4, exponential smoothing):
 *
 * @param tokenizer      sacreBLEU's {@code --tokenize}; {@link BleuTokenizer#MTEVAL_13A} by default
 * @param lowercase      sacreBLEU's {@code -lc}: each segment is lower-cased before it is tokenized (case:lc)
 * @param effectiveOrder sacreBLEU's effective order (eff:yes): n-gram orders with no hypothesis n-grams are left
 *                       out of the geometric mean instead of zeroing it; for sentence-level BLEU. Off by default.
 */
public record BleuOptions(BleuTokenizer tokenizer, boolean lowercase, boolean effectiveOrder) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** sacreBLEU's defaults: 13a, mixed case, no effective order. */
    public static final BleuOptions DEFAULT = new BleuOptions(BleuTokenizer.MTEVAL_13A, false, false);

    public BleuOptions {
        Objects.requireNonNull(tokenizer, "tokenizer");
    }

    /** Corpus BLEU options (no effective order) with the given tokenizer and case. */
    public static BleuOptions of(BleuTokenizer tokenizer, boolean lowercase) {
        return new BleuOptions(tokenizer, lowercase, false);
    }

    /** The signature of scores computed with these options. */
    public String signature() {
        return Signatures.bleu(this);
    }

    /** A segment as BLEU counts it: lower-cased if asked, right-stripped, tokenized (sacreBLEU's order). */
    String preprocess(String segment) {
        String s = lowercase ? PyStr.lower(segment) : segment;
        return tokenizer.tokenize(PyStr.rstrip(s));
    }
}
