package org.sparknmt.batch;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

import org.sparknmt.vocab.Specials;

/**
 * One sentence pair as subword ids, before batching. Holds the bare ids only: no BOS, EOS or PAD, which
 * {@link BatchBuilder} adds. {@code index} is the pair's position in the input corpus and gives a deterministic order
 * within a length bucket.
 *
 * <p>Immutable: the arrays are copied on the way in and on the way out; use {@link #sourceId(int)} /
 * {@link #targetId(int)} and the length helpers to read without copying. Ids must be in
 * {@code [0, MAX_ID)}, must not be PAD, BOS or EOS (UNK is fine), and are below 2^24 so that they are exact in the
 * FLOAT arrays the network is fed.
 *
 * @param index  position of the pair in the input corpus, {@code >= 0}
 * @param source source-side ids, shape {@code [sourceLength]}, non-empty
 * @param target target-side ids, shape {@code [targetLength]}, non-empty
 */
public record EncodedPair(long index, int[] source, int[] target) implements Serializable {

    /** Exclusive upper bound of an id: every int below 2^24 is exactly representable as a float. */
    public static final int MAX_ID = 1 << 24;

    public EncodedPair {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        source = checkedCopy(source, "source", index);
        target = checkedCopy(target, "target", index);
    }

    /** A copy of the source ids, shape {@code [sourceLength]}. */
    @Override
    public int[] source() {
        return source.clone();
    }

    /** A copy of the target ids, shape {@code [targetLength]}. */
    @Override
    public int[] target() {
        return target.clone();
    }

    /** Number of source ids, without specials. */
    public int sourceLength() {
        return source.length;
    }

    /** Number of target ids, without specials. */
    public int targetLength() {
        return target.length;
    }

    /** Encoder time steps this pair needs: the source ids plus EOS. */
    public int sourceSteps() {
        return source.length + 1;
    }

    /** Decoder time steps this pair needs: BOS plus target ids on the input side, target ids plus EOS as labels. */
    public int targetSteps() {
        return target.length + 1;
    }

    /** The source id at position {@code i}, without copying. */
    public int sourceId(int i) {
        return source[i];
    }

    /** The target id at position {@code i}, without copying. */
    public int targetId(int i) {
        return target[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedPair other
                && index == other.index
                && Arrays.equals(source, other.source)
                && Arrays.equals(target, other.target);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(index) + Arrays.hashCode(source)) + Arrays.hashCode(target);
    }

    @Override
    public String toString() {
        return "EncodedPair[index=" + index + ", source=" + Arrays.toString(source)
                + ", target=" + Arrays.toString(target) + "]";
    }

    private static int[] checkedCopy(int[] ids, String side, long index) {
        Objects.requireNonNull(ids, side);
        if (ids.length == 0) {
            throw new IllegalArgumentException(side + " of pair " + index + " is empty");
        }
        int[] copy = ids.clone();
        for (int i = 0; i < copy.length; i++) {
            int id = copy[i];
            if (id < 0 || id >= MAX_ID || id == Specials.PAD_ID || id == Specials.BOS_ID || id == Specials.EOS_ID) {
                throw new IllegalArgumentException(side + " of pair " + index + " has invalid id " + id
                        + " at position " + i + " (must be in [0, " + MAX_ID + ") and not PAD/BOS/EOS)");
            }
        }
        return copy;
    }
}
