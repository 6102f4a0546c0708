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
 * A chunk never mixes buckets, has at most {@code maxBatchSize} pairs and, when {@code maxTokens > 0}, at most
 * {@code maxTokens} padded tokens, counted as {@code size × (Ts + Tt)} with {@code Ts = max(sourceLength + 1)} and
 * {@code Tt = max(targetLength + 1)} over the chunk (the sum of both sides' slots, as in {@link BatchStats}).
 * Chunks keep the input order; the last chunk of a bucket may be smaller.
 *
 * <p>Lazy: it reads at most one pair ahead of the chunk it returns, so a Spark partition is never materialised.
 * Fails fast with {@link IllegalArgumentException} when the input's bucket keys decrease (not sorted), or when a
 * single pair alone exceeds {@code maxTokens}: pick {@code maxTokens >= 2 × (maxLength + 1)} to rule that out.
 *
 * @param bucketer     computes each pair's bucket key, the same one the input was sorted by
 * @param maxBatchSize most pairs per chunk, {@code >= 1}
 * @param maxTokens    most padded tokens per chunk, {@code >= 0}; 0 turns the limit off
 */
public record Batcher(LengthBucketer bucketer, int maxBatchSize, int maxTokens) implements Serializable {

    public Batcher {
        Objects.requireNonNull(bucketer, "bucketer");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must be >= 0 (0 = off), got " + maxTokens);
        }
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
                if (key != bucket
                        || (maxTokens > 0 && paddedTokens(chunk.size() + 1, newSource, newTarget) > maxTokens)) {
                    pending = next;
                    pendingBucket = key;
                    break;
                }
                chunk.add(next);
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
