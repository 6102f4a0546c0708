package org.sparknmt.eval;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * BLEU's sufficient statistics, accumulated segment by segment: hypothesis and reference lengths and, per n-gram
 * order 1..4, the clipped matches and the hypothesis n-grams. Sums of these are all corpus BLEU needs, so partial
 * stats from Spark partitions can be {@link #merge merged} and scored once, giving exactly the one-shot score:
 * <pre>{@code
 * BleuScore s = pairs.aggregate(new BleuStats(options), (st, p) -> st.add(p.hyp(), p.ref()), BleuStats::merge).score();
 * }</pre>
 * A mutable accumulator, not thread-safe (confine it to one thread or task); serializable for Spark.
 */
public final class BleuStats implements Serializable {
    private static final long serialVersionUID = 1L;

    /** sacreBLEU's maximum n-gram order. */
    public static final int MAX_NGRAM_ORDER = 4;

    private final BleuOptions options;
    private long segments;
    private long hypLength;
    private long refLength;
    private final long[] correct = new long[MAX_NGRAM_ORDER];
    private final long[] total = new long[MAX_NGRAM_ORDER];

    /** Empty stats for BLEU computed with the given options. */
    public BleuStats(BleuOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Empty stats with sacreBLEU's defaults (13a, mixed case). */
    public BleuStats() {
        this(BleuOptions.DEFAULT);
    }

    /** Adds one segment: a hypothesis and its (single) reference, both untokenized. Returns this. */
    public BleuStats add(String hypothesis, String reference) {
        Segments.require(hypothesis, "hypothesis", segments + 1);
        Segments.require(reference, "reference", segments + 1);
        List<String> hyp = PyStr.split(options.preprocess(hypothesis));
        List<String> ref = PyStr.split(options.preprocess(reference));
        for (int n = 1; n <= MAX_NGRAM_ORDER; n++) {
            Map<String, Integer> hypNgrams = Ngrams.words(hyp, n);
            total[n - 1] += Ngrams.total(hypNgrams);
            correct[n - 1] += Ngrams.clippedMatches(hypNgrams, Ngrams.words(ref, n));
        }
        hypLength += hyp.size();
        refLength += ref.size();
        segments++;
        return this;
    }

    /** Adds another accumulator's sums into this one (the other is unchanged). Returns this. */
    public BleuStats merge(BleuStats other) {
        if (!options.equals(other.options)) {
            throw new IllegalArgumentException("cannot merge BLEU stats computed with different options: "
                    + options.signature() + " vs " + other.options.signature());
        }
        segments += other.segments;
        hypLength += other.hypLength;
        refLength += other.refLength;
        for (int i = 0; i < MAX_NGRAM_ORDER; i++) {
            correct[i] += other.correct[i];
            total[i] += other.total[i];
        }
        return this;
    }

    /** A copy, independent of this accumulator. */
    public BleuStats copy() {
        return new BleuStats(options).merge(this);
    }

    /** Corpus BLEU of the segments added so far (0 for none). */
    public BleuScore score() {
        return BleuFormula.compute(correct.clone(), total.clone(), hypLength, refLength, options.effectiveOrder(),
                options.signature());
    }

    public BleuOptions options() {
        return options;
    }

    /** Segments added (including merged ones). */
    public long segments() {
        return segments;
    }

    public long hypLength() {
        return hypLength;
    }

    public long refLength() {
        return refLength;
    }

    /** Clipped n-gram matches per order 1..4 (a copy). */
    public long[] counts() {
        return correct.clone();
    }

    /** Hypothesis n-grams per order 1..4 (a copy). */
    public long[] totals() {
        return total.clone();
    }

    @Override
    public String toString() {
        return "BleuStats[segments=" + segments + ", hyp_len=" + hypLength + ", ref_len=" + refLength
                + ", counts=" + java.util.Arrays.toString(correct) + ", totals=" + java.util.Arrays.toString(total)
                + ", " + options.signature() + "]";
    }
}
