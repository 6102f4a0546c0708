package org.sparknmt.subword;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Learns BPE merges from word counts, as subword-nmt's {@code learn_bpe.py} does (merges file version 0.2). Runs on
 * the Spark driver on counts the cluster computed; single-threaded.
 *
 * <p>Each word is split into code points and the end-of-word marker is glued to its last one ("low" → l o w&lt;/w&gt;).
 * Then, up to {@code numMerges} times, the adjacent symbol pair with the highest count (occurrences weighted by word
 * count; overlapping occurrences such as the two in "a a a" both count, as in subword-nmt) is merged everywhere.
 * <b>Tie rule</b>, that of {@code learn_bpe.py}'s {@code max(stats, key=lambda x: (stats[x], x))}: among pairs with
 * the same count, the pair whose left symbol is greater wins, and if the left symbols are equal, the one whose right
 * symbol is greater; symbols compare by Unicode code point. The result depends on the counts only, never on map
 * iteration order, and equals the merges {@code learn_bpe.py --dict-input} writes for the same counts.
 */
public final class BpeLearner {
    private BpeLearner() {
    }

    /**
     * @param wordCounts   word → count; words non-empty and without white space, counts &gt;= 1
     * @param numMerges    the most merges to learn, &gt;= 0
     * @param minFrequency stop when the best pair's count is below this, &gt;= 1 (subword-nmt's default is 2)
     * @return a {@link BpeModel.Version#V0_2} model with the learned merges in order
     */
    public static BpeModel learn(Map<String, Long> wordCounts, int numMerges, int minFrequency) {
        Objects.requireNonNull(wordCounts, "wordCounts");
        if (numMerges < 0) {
            throw new IllegalArgumentException("numMerges must be >= 0, was " + numMerges);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be >= 1, was " + minFrequency);
        }
        for (Map.Entry<String, Long> e : wordCounts.entrySet()) {
            String word = e.getKey();
            if (word == null || word.isEmpty() || CodePoints.hasWhitespace(word)) {
                throw new IllegalArgumentException("wordCounts keys must be non-empty words without white space, got "
                        + (word == null ? "null" : "\"" + word + "\""));
            }
            Long count = e.getValue();
            if (count == null || count < 1) {
                throw new IllegalArgumentException("wordCounts values must be >= 1, got " + count + " for \"" + word + "\"");
            }
        }
        List<Merge> merges = new PairMerger(wordCounts).run(numMerges, minFrequency);
        return new BpeModel(merges, BpeModel.Version.V0_2, BpeModel.DEFAULT_CACHE_SIZE);
    }
}
