package org.sparknmt.eval;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * TER's sufficient statistics, accumulated segment by segment: edits and reference words. Partial stats from Spark
 * partitions can be {@link #merge merged} and scored once, giving exactly the one-shot score. A mutable
 * accumulator, not thread-safe (confine it to one thread or task); serializable for Spark.
 */
public final class TerStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TerOptions options;
    private long segments;
    private long edits;
    private long refLength;

    /** Empty stats for TER computed with the given options. */
    public TerStats(TerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Adds one segment: a hypothesis and its (single) reference, both untokenized. Returns this. */
    public TerStats add(String hypothesis, String reference) {
        Segments.require(hypothesis, "hypothesis", segments + 1);
        Segments.require(reference, "reference", segments + 1);
        List<String> hyp = PyStr.split(options.preprocess(hypothesis));
        List<String> ref = PyStr.split(options.preprocess(reference));
        edits += TranslationEditRate.edits(hyp.toArray(new String[0]), ref.toArray(new String[0]));
        refLength += ref.size();
        segments++;
        return this;
    }

    /** Adds another accumulator's sums into this one (the other is unchanged). Returns this. */
    public TerStats merge(TerStats other) {
        if (!options.equals(other.options)) {
            throw new IllegalArgumentException("cannot merge TER stats computed with different options: "
                    + options.signature() + " vs " + other.options.signature());
        }
        segments += other.segments;
        edits += other.edits;
        refLength += other.refLength;
        return this;
    }

    /** Corpus TER of the segments added so far (0 for none). */
    public TerScore score() {
        return TerScore.of(edits, refLength, options.signature());
    }

    public TerOptions options() {
        return options;
    }

    /** Segments added (including merged ones). */
    public long segments() {
        return segments;
    }

    public long edits() {
        return edits;
    }

    public long refLength() {
        return refLength;
    }

    @Override
    public String toString() {
        return "TerStats[segments=" + segments + ", edits=" + edits + ", ref_len=" + refLength + ", "
                + options.signature() + "]";
    }
}
