package org.sparknmt.eval;

import java.util.List;

/**
 * Corpus chrF as sacreBLEU 2.x computes it ({@code sacrebleu REF -i HYP -m chrf}): one reference per segment,
 * character n-grams 1..6 of each segment with its whitespace removed, (hyp, ref, match) counts summed over the corpus,
 * then precision and recall averaged over the orders and combined with beta = 2. Segments are used as given (the
 * sacreBLEU command line right-strips lines; {@link TextSegments#read} does the same).
 */
public final class CorpusChrf {
    private CorpusChrf() {
    }

    /** chrF with sacreBLEU's defaults. */
    public static ChrfScore score(List<String> hypotheses, List<String> references) {
        return score(hypotheses, references, ChrfOptions.DEFAULT);
    }

    /**
     * @throws IllegalArgumentException if the two lists differ in size (naming both counts) or hold a null
     */
    public static ChrfScore score(List<String> hypotheses, List<String> references, ChrfOptions options) {
        return stats(hypotheses, references, options).score();
    }

    /** The sufficient statistics of a corpus, to merge with others or score later. */
    public static ChrfStats stats(List<String> hypotheses, List<String> references, ChrfOptions options) {
        Segments.requireSameCount(hypotheses, references);
        ChrfStats stats = new ChrfStats(options);
        for (int i = 0; i < hypotheses.size(); i++) {
            stats.add(hypotheses.get(i), references.get(i));
        }
        return stats;
    }
}
