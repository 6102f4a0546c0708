package org.sparknmt.eval;

import java.util.List;

/**
 * Corpus TER as sacreBLEU 2.x computes it ({@code sacrebleu REF -i HYP -m ter}): one reference per segment; each
 * segment right-stripped and tokenized by {@link TercomTokenizer}, its edits found by {@link TranslationEditRate}
 * (shifts plus beam edit distance); edits and reference words summed over the corpus, TER = 100 * edits / words.
 * For files, read them with {@link TextSegments#read} to get sacreBLEU's line handling.
 */
public final class CorpusTer {
    private CorpusTer() {
    }

    /** TER with sacreBLEU's defaults (case-insensitive, whitespace tokenization). */
    public static TerScore score(List<String> hypotheses, List<String> references) {
        return score(hypotheses, references, TerOptions.DEFAULT);
    }

    /**
     * @throws IllegalArgumentException if the two lists differ in size (naming both counts) or hold a null
     */
    public static TerScore score(List<String> hypotheses, List<String> references, TerOptions options) {
        return stats(hypotheses, references, options).score();
    }

    /** The sufficient statistics of a corpus, to merge with others or score later. */
    public static TerStats stats(List<String> hypotheses, List<String> references, TerOptions options) {
        Segments.requireSameCount(hypotheses, references);
        TerStats stats = new TerStats(options);
        for (int i = 0; i < hypotheses.size(); i++) {
            stats.add(hypotheses.get(i), references.get(i));
        }
        return stats;
    }
}
