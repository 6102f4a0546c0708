package org.sparknmt.decode;

import org.sparknmt.vocab.Specials;
import org.sparknmt.vocab.Vocabulary;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Sentence-level co-occurrence counts of source and target tokens over a parallel corpus, the statistics a
 * {@link Shortlist} is learnt from: for each token, in how many sentences (pairs) it occurs, and for each source and
 * target token, in how many pairs both occur. Mergeable, so that each Spark partition counts its own pairs and the
 * partial counts are reduced. Special tokens (ids below {@link Specials#ALL}'s size) are not counted.
 *
 * <p>Memory: pairs are buffered as packed {@code long}s and compacted (sorted, run-length counted) when the buffer is
 * full, so a partition holds 16 bytes per distinct (source, target) pair plus the buffer, not a boxed map.
 * Not thread-safe.
 */
public final class Cooccurrences implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int FIRST_REGULAR = Specials.ALL.size();
    private static final int BUFFER = 1 << 20;

    private final int sourceVocabSize;
    private final int targetVocabSize;
    private final long[] sourceCounts;
    private final long[] targetCounts;
    private long pairs;
    private long[] keys = new long[0];     // (source << 32 | target), ascending
    private long[] counts = new long[0];   // pairs where both occur, per key
    private transient long[] pending = new long[0];
    private int pendingSize;

    public Cooccurrences(int sourceVocabSize, int targetVocabSize) {
        if (sourceVocabSize < 1 || targetVocabSize < 1) {
            throw new IllegalArgumentException("vocabulary sizes must be >= 1, got " + sourceVocabSize + ", " + targetVocabSize);
        }
        this.sourceVocabSize = sourceVocabSize;
        this.targetVocabSize = targetVocabSize;
        this.sourceCounts = new long[sourceVocabSize];
        this.targetCounts = new long[targetVocabSize];
    }

    /** Counts one sentence pair given as vocabulary ids (repeats within a sentence count once; specials not at all). */
    public void add(int[] source, int[] target) {
        int[] s = regular(source, sourceVocabSize, "source");
        int[] t = regular(target, targetVocabSize, "target");
        pairs++;
        for (int a : s) {
            sourceCounts[a]++;
        }
        for (int b : t) {
            targetCounts[b]++;
        }
        if (pending == null || pending.length - pendingSize < s.length * t.length) {
            if (pendingSize > 0) {
                compact();
            }
            if (pending == null || pending.length < Math.max(BUFFER, s.length * t.length)) {
                pending = new long[Math.max(BUFFER, s.length * t.length)];
            }
        }
        for (int a : s) {
            for (int b : t) {
                pending[pendingSize++] = (long) a << 32 | b;
            }
        }
    }

    /** Adds {@code other}'s counts into this one and returns this. Both must count the same vocabularies. */
    public Cooccurrences merge(Cooccurrences other) {
        if (other.sourceVocabSize != sourceVocabSize || other.targetVocabSize != targetVocabSize) {
            throw new IllegalArgumentException("cannot merge counts over vocabularies of " + other.sourceVocabSize + "/"
                    + other.targetVocabSize + " tokens into counts over " + sourceVocabSize + "/" + targetVocabSize);
        }
        compact();
        other.compact();
        pairs += other.pairs;
        for (int i = 0; i < sourceVocabSize; i++) {
            sourceCounts[i] += other.sourceCounts[i];
        }
        for (int i = 0; i < targetVocabSize; i++) {
            targetCounts[i] += other.targetCounts[i];
        }
        mergeSorted(other.keys, other.counts, other.keys.length);
        return this;
    }

    /** Sentence pairs counted. */
    public long pairs() {
        return pairs;
    }

    /** Pairs in which both {@code source} and {@code target} occur. */
    public long together(int source, int target) {
        compact();
        int i = Arrays.binarySearch(keys, (long) source << 32 | target);
        return i < 0 ? 0 : counts[i];
    }

    /**
     * The shortlist these counts give: for each source token the {@code perSource} target tokens with the highest
     * Dice coefficient {@code 2·c(s,t) / (c(s) + c(t))} (ties: more co-occurrences, then lower id), plus its
     * {@code sameToken} target (the identical string, for names and numbers; -1 for none); every batch gets the
     * {@code frequent} most frequent target tokens.
     *
     * @param sameToken per source id, the target id of the same token or -1 ({@link #sameTokens}); null for none
     */
    public Shortlist shortlist(int perSource, int frequent, int[] sameToken) {
        if (perSource < 1 || frequent < 0) {
            throw new IllegalArgumentException("perSource must be >= 1 and frequent >= 0, got " + perSource + ", "
                    + frequent);
        }
        compact();
        int[] always = mostFrequentTargets(frequent);
        boolean[] inAlways = new boolean[targetVocabSize];
        for (int t : always) {
            inAlways[t] = true;
        }
        int[][] bySource = new int[sourceVocabSize][];
        int from = 0;
        while (from < keys.length) {
            int s = (int) (keys[from] >>> 32);
            int to = from;
            while (to < keys.length && (int) (keys[to] >>> 32) == s) {
                to++;
            }
            bySource[s] = best(s, from, to, perSource, inAlways, sameToken == null ? -1 : sameToken[s]);
            from = to;
        }
        if (sameToken != null) {
            for (int s = 0; s < sourceVocabSize; s++) {
                if (bySource[s] == null && sameToken[s] >= 0) {
                    bySource[s] = new int[]{sameToken[s]};
                }
            }
        }
        return new Shortlist(sourceVocabSize, targetVocabSize, always, bySource);
    }

    /** Per source id, the id of the same token in the target vocabulary, or -1 (specials: -1). */
    public static int[] sameTokens(Vocabulary source, Vocabulary target) {
        int[] out = new int[source.size()];
        for (int s = 0; s < out.length; s++) {
            String token = source.token(s);
            out[s] = s >= FIRST_REGULAR && target.contains(token) ? target.id(token) : -1;
        }
        return out;
    }

    /** The {@code n} target ids in the most pairs (ties: lower id), specials left out. */
    private int[] mostFrequentTargets(int n) {
        Integer[] byFrequency = new Integer[targetVocabSize - Math.min(targetVocabSize, FIRST_REGULAR)];
        for (int i = 0; i < byFrequency.length; i++) {
            byFrequency[i] = i + FIRST_REGULAR;
        }
        Arrays.sort(byFrequency, (a, b) -> targetCounts[a] != targetCounts[b]
                ? Long.compare(targetCounts[b], targetCounts[a]) : Integer.compare(a, b));
        int[] out = new int[Math.min(n, byFrequency.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = byFrequency[i];
        }
        return out;
    }

    /**
     * Source {@code s}'s best {@code k} targets among keys {@code [from, to)} that every batch does not get already
     * ({@code skip}), plus {@code same} when it is {@code >= 0}.
     */
    private int[] best(int s, int from, int to, int k, boolean[] skip, int same) {
        int m = 0;
        Integer[] order = new Integer[to - from];
        double[] dice = new double[to - from];
        for (int i = from; i < to; i++) {
            int t = (int) keys[i];
            dice[i - from] = 2.0 * counts[i] / (sourceCounts[s] + targetCounts[t]);
            if (!skip[t]) {
                order[m++] = i - from;
            }
        }
        order = Arrays.copyOf(order, m);
        Arrays.sort(order, (a, b) -> dice[a] != dice[b] ? Double.compare(dice[b], dice[a])
                : counts[from + a] != counts[from + b] ? Long.compare(counts[from + b], counts[from + a])
                : Integer.compare((int) keys[from + a], (int) keys[from + b]));
        int n = Math.min(k, order.length);
        int[] out = new int[n + (same >= 0 ? 1 : 0)];
        for (int i = 0; i < n; i++) {
            out[i] = (int) keys[from + order[i]];
        }
        if (same >= 0) {
            out[n] = same;
        }
        return out;
    }

    private static int[] regular(int[] ids, int size, String side) {
        int[] out = Arrays.stream(ids).filter(id -> id >= FIRST_REGULAR).sorted().distinct().toArray();
        if (out.length > 0 && out[out.length - 1] >= size) {
            throw new IllegalArgumentException(side + " id " + out[out.length - 1] + " is outside the " + side
                    + " vocabulary (" + size + " tokens)");
        }
        return out;
    }

    /** Sorts the buffered pairs, counts runs, and merges them into the sorted arrays. */
    private void compact() {
        if (pendingSize == 0) {
            return;
        }
        Arrays.sort(pending, 0, pendingSize);
        long[] runKeys = new long[pendingSize];
        long[] runCounts = new long[pendingSize];
        int runs = 0;
        for (int i = 0; i < pendingSize; i++) {
            if (runs > 0 && runKeys[runs - 1] == pending[i]) {
                runCounts[runs - 1]++;
            } else {
                runKeys[runs] = pending[i];
                runCounts[runs++] = 1;
            }
        }
        pendingSize = 0;
        mergeSorted(runKeys, runCounts, runs);
    }

    private void mergeSorted(long[] otherKeys, long[] otherCounts, int n) {
        long[] k = new long[keys.length + n];
        long[] c = new long[keys.length + n];
        int i = 0;
        int j = 0;
        int out = 0;
        while (i < keys.length || j < n) {
            if (j == n || (i < keys.length && keys[i] < otherKeys[j])) {
                k[out] = keys[i];
                c[out++] = counts[i++];
            } else if (i == keys.length || otherKeys[j] < keys[i]) {
                k[out] = otherKeys[j];
                c[out++] = otherCounts[j++];
            } else {
                k[out] = keys[i];
                c[out++] = counts[i++] + otherCounts[j++];
            }
        }
        keys = Arrays.copyOf(k, out);
        counts = Arrays.copyOf(c, out);
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        compact();
        out.defaultWriteObject();
    }
}
