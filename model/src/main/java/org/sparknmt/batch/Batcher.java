package org.sparknmt.batch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Cuts a stream of pairs, already sorted by (bucket key, index), into minibatch chunks for {@link BatchBuilder}.
 * A chunk has at most {@code maxBatchSize} pairs and, when {@code maxTokens > 0}, at most {@code maxTokens} padded
 * tokens, counted as {@code size × (Ts + Tt)} with {@code Ts = max(sourceLength + 1)} and
 * {@code Tt = max(targetLength + 1)} over the chunk (the sum of both sides' slots, as in {@link BatchStats}).
 * Chunks keep the input order.
 *
 * <p>A chunk ends where its bucket ends once it is at least {@code minFill} full (of {@code maxBatchSize} pairs or,
 * when {@code maxTokens > 0}, of {@code maxTokens} padded tokens, whichever is nearer); a chunk below that takes in the
 * next bucket's pairs, padded to the longer, if that bucket is of the same {@link LengthBucketer#group} (source
 * length step: only the target side pads more, by less than a bucket width per bucket joined). A chunk always ends
 * with its group, so the chunks depend only on each group's pairs, not on how groups are spread over partitions.
 * Each chunk is one optimizer step at the full learning rate, so a bucket's few leftover pairs as a step of their own
 * are a noisy step: with 2-D buckets a corpus has dozens of such tails (the quickstart's Tatoeba prep had ~33).
 * {@code minFill = 0} never mixes buckets.
 *
 * <p>Lazy: it reads at most one pair ahead of the chunk it returns, so a Spark partition is never materialised.
 * Fails fast with {@link IllegalArgumentException} when the input's bucket keys decrease (not sorted), or when a
 * single pair alone exceeds {@code maxTokens}: pick {@code maxTokens >= 2 × (maxLength + 1)} to rule that out.
 *
 * @param bucketer     computes each pair's bucket key, the same one the input was sorted by
 * @param maxBatchSize most pairs per chunk, {@code >= 1}
 * @param maxTokens    most padded tokens per chunk, {@code >= 0}; 0 turns the limit off
 * @param minFill      fill in {@code [0, 1]} a chunk needs before it may end at a bucket boundary
 */
public record Batcher(LengthBucketer bucketer, int maxBatchSize, int maxTokens, double minFill) implements Serializable {

    /** The default {@code minFill}: a chunk at least half full ends with its bucket. */
    public static final double DEFAULT_MIN_FILL = 0.5;

    public Batcher {
        Objects.requireNonNull(bucketer, "bucketer");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must be >= 0 (0 = off), got " + maxTokens);
        }
        if (!(minFill >= 0 && minFill <= 1)) {
            throw new IllegalArgumentException("minFill must be in [0, 1], got " + minFill);
        }
    }

    /** A batcher with {@link #DEFAULT_MIN_FILL}. */
    public Batcher(LengthBucketer bucketer, int maxBatchSize, int maxTokens) {
        this(bucketer, maxBatchSize, maxTokens, DEFAULT_MIN_FILL);
    }

    /**
     * Chunks of {@code sorted}, lazily; each chunk is an unmodifiable, non-empty list. The returned iterator consumes
     * {@code sorted} and must be used by one thread.
     */
    public Iterator<List<EncodedPair>> batches(Iterator<EncodedPair> sorted) {
        return new Chunks(Objects.requireNonNull(sorted, "sorted"));
    }

    /** Padded tokens of a chunk of {@code size} pairs whose longest sides need these steps. */
    private static long paddedTokens(int size, int sourceSteps, int targetSteps) {
        return (long) size * ((long) sourceSteps + targetSteps);
    }

    /** Whether a chunk of {@code size} pairs and these steps is full enough to end at a bucket boundary. */
    private boolean fullEnough(int size, int sourceSteps, int targetSteps) {
        return size >= minFill * maxBatchSize
                || (maxTokens > 0 && paddedTokens(size, sourceSteps, targetSteps) >= minFill * maxTokens);
    }

    private final class Chunks implements Iterator<List<EncodedPair>> {
        private final Iterator<EncodedPair> input;
        private EncodedPair pending;
        private int pendingBucket;
        private int lastBucket = Integer.MIN_VALUE;

        Chunks(Iterator<EncodedPair> input) {
            this.input = input;
        }

        @Override
        public boolean hasNext() {
            return pending != null || input.hasNext();
        }

        @Override
        public List<EncodedPair> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            EncodedPair first;
            int bucket;
            if (pending != null) {
                first = pending;
                bucket = pendingBucket;
                pending = null;
            } else {
                first = input.next();
                bucket = keyOf(first);
            }
            if (maxTokens > 0 && paddedTokens(1, first.sourceSteps(), first.targetSteps()) > maxTokens) {
                throw new IllegalArgumentException("pair " + first.index() + " alone needs "
                        + paddedTokens(1, first.sourceSteps(), first.targetSteps())
                        + " padded tokens, more than maxTokens = " + maxTokens);
            }
            List<EncodedPair> chunk = new ArrayList<>(Math.min(maxBatchSize, 1024));
            chunk.add(first);
            int sourceSteps = first.sourceSteps();
            int targetSteps = first.targetSteps();
            while (chunk.size() < maxBatchSize && input.hasNext()) {
                EncodedPair next = input.next();
                int key = keyOf(next);
                int newSource = Math.max(sourceSteps, next.sourceSteps());
                int newTarget = Math.max(targetSteps, next.targetSteps());
                if ((key != bucket && (bucketer.group(key) != bucketer.group(bucket)
                        || fullEnough(chunk.size(), sourceSteps, targetSteps)))
                        || (maxTokens > 0 && paddedTokens(chunk.size() + 1, newSource, newTarget) > maxTokens)) {
                    pending = next;
                    pendingBucket = key;
                    break;
                }
                chunk.add(next);
                bucket = key;
                sourceSteps = newSource;
                targetSteps = newTarget;
            }
            return Collections.unmodifiableList(chunk);
        }

        /** The pair's bucket key, checking that keys never decrease along the input. */
        private int keyOf(EncodedPair pair) {
            Objects.requireNonNull(pair, "pair in input");
            int key = bucketer.bucket(pair);
            if (key < lastBucket) {
                throw new IllegalArgumentException("input not sorted by bucket: pair " + pair.index()
                        + " has bucket " + key + " after bucket " + lastBucket);
            }
            lastBucket = key;
            return key;
        }
    }
}
