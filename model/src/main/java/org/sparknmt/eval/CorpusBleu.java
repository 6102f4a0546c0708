package org.sparknmt.eval;

import java.util.List;

/**
 * Corpus BLEU as sacreBLEU 2.x computes it ({@code sacrebleu REF -i HYP -m bleu}): one reference per segment,
 * n-grams up to 4, exponential smoothing. Each segment is lower-cased (if asked), right-stripped and tokenized, then
 * split on whitespace; clipped n-gram matches and lengths are summed over the corpus and scored once. For files,
 * read them with {@link TextSegments#read} to get sacreBLEU's line handling.
 */
public final class CorpusBleu {
    private CorpusBleu() {
    }

    /**
     * @param hypotheses one system output per segment
     * @param references one reference per segment, aligned with {@code hypotheses}
     * @throws IllegalArgumentException if the two lists differ in size (naming both counts) or hold a null
     */
    public static BleuScore score(List<String> hypotheses, List<String> references, BleuTokenizer tokenizer,
                                  boolean lowercase) {
        return score(hypotheses, references, BleuOptions.of(tokenizer, lowercase));
    }

    /** BLEU with sacreBLEU's defaults (13a, mixed case). */
    public static BleuScore score(List<String> hypotheses, List<String> references) {
        return score(hypotheses, references, BleuOptions.DEFAULT);
    }

    /** BLEU with the given options. */
    public static BleuScore score(List<String> hypotheses, List<String> references, BleuOptions options) {
        return stats(hypotheses, references, options).score();
    }

    /** The sufficient statistics of a corpus, to merge with others or score later. */
    public static BleuStats stats(List<String> hypotheses, List<String> references, BleuOptions options) {
        Segments.requireSameCount(hypotheses, references);
        BleuStats stats = new BleuStats(options);
        for (int i = 0; i < hypotheses.size(); i++) {
            stats.add(hypotheses.get(i), references.get(i));
        }
        return stats;
    }
}
