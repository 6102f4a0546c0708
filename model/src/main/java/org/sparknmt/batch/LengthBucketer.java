package org.sparknmt.batch;

import java.io.Serializable;

/**
 * Assigns a sentence pair to a 2-D length bucket so that a minibatch drawn from one bucket pads little on both
 * sides. Lengths are bare id counts (no specials), in {@code [1, maxLength]}.
 *
 * <p>Key formula, with {@code n = ceil(maxLength / width)} steps per side:
 * <pre>
 *   key = (ceil(sourceLength / width) - 1) * n + (ceil(targetLength / width) - 1)
 * </pre>
 * so keys are in {@code [0, n * n)}, ordered by source step first, then target step. Within one bucket both
 * lengths differ by less than {@code width}. The formula depends only on {@code width} and {@code maxLength}, so keys
 * are stable across runs and executors.
 *
 * @param width     tokens per bucket step on each side, {@code >= 1}
 * @param maxLength longest allowed source or target length, {@code >= 1}; {@code n * n} must fit in an int
 */
public record LengthBucketer(int width, int maxLength) implements Serializable {

    public LengthBucketer {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
        }
        long steps = ceilDiv(maxLength, width);
        if (steps * steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many buckets: ceil(" + maxLength + " / " + width + ")^2 = "
                    + steps * steps + " exceeds Integer.MAX_VALUE");
        }
    }

    /** Number of bucket steps per side: {@code ceil(maxLength / width)}. */
    public int stepsPerSide() {
        return ceilDiv(maxLength, width);
    }

    /** Number of possible keys, {@code stepsPerSide()^2}; every key is below this. */
    public int bucketCount() {
        int n = stepsPerSide();
        return n * n;
    }

    /**
     * The bucket key of a pair with these bare lengths (see class comment).
     *
     * @throws IllegalArgumentException if a length is below 1 or above {@code maxLength}
     */
    public int bucket(int sourceLength, int targetLength) {
        checkLength(sourceLength, "sourceLength");
        checkLength(targetLength, "targetLength");
        return (ceilDiv(sourceLength, width) - 1) * stepsPerSide() + (ceilDiv(targetLength, width) - 1);
    }

    /**
     * The group of bucket {@code key}: its source step, {@code key / stepsPerSide()}. A group's buckets differ only in
     * target length and are consecutive in key order; prep keeps a group in one partition, so that
     * {@link Batcher} may join a bucket's leftover to the next bucket of its group whatever the partition count.
     */
    public int group(int key) {
        return key / stepsPerSide();
    }

    /** The bucket key of {@code pair}'s bare source and target lengths. */
    public int bucket(EncodedPair pair) {
        return bucket(pair.sourceLength(), pair.targetLength());
    }

    private void checkLength(int length, String name) {
        if (length < 1 || length > maxLength) {
            throw new IllegalArgumentException(name + " must be in [1, " + maxLength + "], got " + length);
        }
    }

    /** {@code ceil(a / b)} for {@code a >= 1, b >= 1}, without overflow. */
    private static int ceilDiv(int a, int b) {
        return (a - 1) / b + 1;
    }
}
