package org.sparknmt.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * chrF's sufficient statistics, accumulated segment by segment: per order (character orders, then word orders) the
 * hypothesis n-grams, reference n-grams and clipped matches. Sums are all corpus chrF needs, so partial stats
 * {@link #merge merge} into exactly the one-shot score. A mutable accumulator, not thread-safe; serializable.
 *
 * <p>As in sacreBLEU, the hypothesis n-grams of an order are not counted for a segment whose reference has none of
 * that order (e.g. a reference shorter than n characters).
 */
public final class ChrfStats implements Serializable {
    private static final long serialVersionUID = 1L;

    /** chrF++'s word splitter strips one of these from a word's end, or else from its start (Python's string.punctuation). */
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final ChrfOptions options;
    private final long[] stats;
    private long segments;

    /** Empty stats for chrF computed with the given options. */
    public ChrfStats(ChrfOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.stats = new long[3 * options.orders()];
    }

    /** Empty stats with sacreBLEU's chrF defaults. */
    public ChrfStats() {
        this(ChrfOptions.DEFAULT);
    }

    /** Adds one segment: a hypothesis and its (single) reference. Returns this. */
    public ChrfStats add(String hypothesis, String reference) {
        String hyp = preprocess(Segments.require(hypothesis, "hypothesis", segments + 1));
        String ref = preprocess(Segments.require(reference, "reference", segments + 1));
        int[] hypChars = charsOf(hyp);
        int[] refChars = charsOf(ref);
        for (int n = 1; n <= options.charOrder(); n++) {
            addOrder(n - 1, Ngrams.chars(hypChars, n), Ngrams.chars(refChars, n));
        }
        if (options.wordOrder() > 0) {
            List<String> hypWords = splitPunctuation(hyp);
            List<String> refWords = splitPunctuation(ref);
            for (int n = 1; n <= options.wordOrder(); n++) {
                addOrder(options.charOrder() + n - 1, Ngrams.words(hypWords, n), Ngrams.words(refWords, n));
            }
        }
        segments++;
        return this;
    }

    /** Adds another accumulator's sums into this one (the other is unchanged). Returns this. */
    public ChrfStats merge(ChrfStats other) {
        if (!options.equals(other.options)) {
            throw new IllegalArgumentException("cannot merge chrF stats computed with different options: "
                    + options.signature() + " vs " + other.options.signature());
        }
        for (int i = 0; i < stats.length; i++) {
            stats[i] += other.stats[i];
        }
        segments += other.segments;
        return this;
    }

    /** A copy, independent of this accumulator. */
    public ChrfStats copy() {
        return new ChrfStats(options).merge(this);
    }

    /** Corpus chrF of the segments added so far (0 for none). */
    public ChrfScore score() {
        double f = ChrfFormula.fScore(stats, options.orders(), options.beta(), options.epsSmoothing());
        return new ChrfScore(f, options.metricName(), options.signature());
    }

    public ChrfOptions options() {
        return options;
    }

    /** Segments added (including merged ones). */
    public long segments() {
        return segments;
    }

    /** The (hyp, ref, match) triples, character orders first then word orders (a copy). */
    public long[] statistics() {
        return stats.clone();
    }

    private void addOrder(int index, Map<String, Integer> hyp, Map<String, Integer> ref) {
        stats[3 * index] += ref.isEmpty() ? 0 : Ngrams.total(hyp);
        stats[3 * index + 1] += Ngrams.total(ref);
        stats[3 * index + 2] += Ngrams.clippedMatches(hyp, ref);
    }

    private String preprocess(String segment) {
        return options.lowercase() ? PyStr.lower(segment) : segment;
    }

    private int[] charsOf(String s) {
        return (options.whitespace() ? s : PyStr.removeSpaces(s)).codePoints().toArray();
    }

    /**
     * sacreBLEU's {@code _remove_punctuation} for chrF++ words: whitespace-split words; a word longer than one
     * character loses one punctuation character from its end, or else from its start, as a separate word.
     */
    static List<String> splitPunctuation(String sentence) {
        List<String> out = new ArrayList<>();
        for (String w : PyStr.split(sentence)) {
            if (w.codePointCount(0, w.length()) == 1) {
                out.add(w);
            } else if (PUNCTUATION.indexOf(w.charAt(w.length() - 1)) >= 0) {
                out.add(w.substring(0, w.length() - 1));
                out.add(w.substring(w.length() - 1));
            } else if (PUNCTUATION.indexOf(w.charAt(0)) >= 0) {
                out.add(w.substring(0, 1));
                out.add(w.substring(1));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "ChrfStats[segments=" + segments + ", stats=" + java.util.Arrays.toString(stats) + ", "
                + options.signature() + "]";
    }
}
