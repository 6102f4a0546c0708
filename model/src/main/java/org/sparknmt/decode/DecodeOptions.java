package org.sparknmt.decode;

/**
 * How to decode: beam width, how many hypotheses to return, the length penalty and the max output length.
 * {@link #of} is the one place that turns a user's beam and n-best into options, and {@link #decoder()} the one
 * place that picks greedy search (beam 1) or beam search, so callers never branch on the beam themselves.
 *
 * @param beamSize        live hypotheses kept per sentence, {@code >= 1} (the greedy decoder ignores it)
 * @param nBest           hypotheses returned per sentence, in {@code [1, beamSize]} (greedy returns one)
 * @param lengthPenalty   GNMT length penalty alpha, finite and {@code >= 0}, 0 = off; see {@link LengthPenalty}
 * @param maxLengthRatio  max output length per source token, finite and {@code > 0}
 * @param maxLengthOffset max output length added to the ratio part, {@code >= 0}
 */
public record DecodeOptions(int beamSize, int nBest, double lengthPenalty, double maxLengthRatio,
                            int maxLengthOffset) implements java.io.Serializable {

    /** Default {@link #maxLengthRatio} of {@link #greedy()} and {@link #beam(int)}. */
    public static final double DEFAULT_MAX_LENGTH_RATIO = 1.5;
    /** Default {@link #maxLengthOffset} of {@link #greedy()} and {@link #beam(int)}. */
    public static final int DEFAULT_MAX_LENGTH_OFFSET = 5;
    /** Default length penalty alpha of {@link #beam(int)}. */
    public static final double DEFAULT_BEAM_ALPHA = 0.6;

    public DecodeOptions {
        if (beamSize < 1) {
            throw new IllegalArgumentException("beam size must be >= 1, got " + beamSize);
        }
        if (nBest < 1 || nBest > beamSize) {
            throw new IllegalArgumentException("n-best must be between 1 and the beam size (" + beamSize + "), got "
                    + nBest);
        }
        if (!(lengthPenalty >= 0) || Double.isInfinite(lengthPenalty)) {
            throw new IllegalArgumentException("lengthPenalty (alpha) must be finite and >= 0 (0 = off), got "
                    + lengthPenalty);
        }
        if (!(maxLengthRatio > 0) || Double.isInfinite(maxLengthRatio)) {
            throw new IllegalArgumentException("maxLengthRatio must be finite and > 0, got " + maxLengthRatio);
        }
        if (maxLengthOffset < 0) {
            throw new IllegalArgumentException("maxLengthOffset must be >= 0, got " + maxLengthOffset);
        }
    }

    /**
     * The search a user asked for: greedy for {@code beamSize} 1, else {@link #beam(int)}, returning {@code nBest}
     * hypotheses. Throws {@link IllegalArgumentException} naming the bad value unless {@code beamSize >= 1} and
     * {@code 1 <= nBest <= beamSize}.
     */
    public static DecodeOptions of(int beamSize, int nBest) {
        return (beamSize == 1 ? greedy() : beam(beamSize)).withNBest(nBest);
    }

    /** Greedy decoding: beam 1, 1-best, no length penalty, max length {@code 1.5 × source + 5}. */
    public static DecodeOptions greedy() {
        return new DecodeOptions(1, 1, 0.0, DEFAULT_MAX_LENGTH_RATIO, DEFAULT_MAX_LENGTH_OFFSET);
    }

    /** Beam search of width {@code beamSize}: 1-best, alpha 0.6, max length {@code 1.5 × source + 5}. */
    public static DecodeOptions beam(int beamSize) {
        return new DecodeOptions(beamSize, 1, DEFAULT_BEAM_ALPHA, DEFAULT_MAX_LENGTH_RATIO, DEFAULT_MAX_LENGTH_OFFSET);
    }

    /** A copy returning {@code nBest} hypotheses per sentence. */
    public DecodeOptions withNBest(int nBest) {
        return new DecodeOptions(beamSize, nBest, lengthPenalty, maxLengthRatio, maxLengthOffset);
    }

    /** A copy with length penalty {@code alpha}. */
    public DecodeOptions withLengthPenalty(double alpha) {
        return new DecodeOptions(beamSize, nBest, alpha, maxLengthRatio, maxLengthOffset);
    }

    /** A copy with max length {@code floor(ratio × source) + offset}. */
    public DecodeOptions withMaxLength(double ratio, int offset) {
        return new DecodeOptions(beamSize, nBest, lengthPenalty, ratio, offset);
    }

    /** A decoder for these options: {@link GreedyDecoder} for beam size 1, else {@link BeamSearchDecoder}. */
    public Decoder decoder() {
        return beamSize == 1 ? new GreedyDecoder() : new BeamSearchDecoder();
    }

    /** The length penalty these options score with. */
    public LengthPenalty penalty() {
        return new LengthPenalty(lengthPenalty);
    }

    /**
     * The most decoding steps (output tokens including EOS) for a source of {@code sourceLength} tokens:
     * {@code max(1, floor(maxLengthRatio × sourceLength) + maxLengthOffset)}, capped at {@link Integer#MAX_VALUE}.
     */
    public int maxLength(int sourceLength) {
        if (sourceLength < 0) {
            throw new IllegalArgumentException("sourceLength must be >= 0, got " + sourceLength);
        }
        double length = Math.floor(maxLengthRatio * sourceLength) + maxLengthOffset;
        return (int) Math.max(1.0, Math.min(Integer.MAX_VALUE, length));
    }
}
