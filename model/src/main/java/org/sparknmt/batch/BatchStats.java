package org.sparknmt.batch;

import java.io.Serializable;

/**
 * Token counts of one or more minibatches, for the padding efficiency reported in the prep manifest. "Tokens" are
 * real (mask = 1) positions: source ids + EOS on the encoder side, target ids + 1 on the decoder side (BOS + ids as
 * input, ids + EOS as labels, same count). "Slots" are all positions of the padded arrays:
 * {@code sentences × T} per side. Add several with {@link #plus}; {@link #EMPTY} is the neutral element.
 *
 * @param batches      number of minibatches counted
 * @param sentences    number of sentence pairs
 * @param sourceTokens real encoder positions (incl. EOS)
 * @param targetTokens real decoder positions (incl. EOS on the label side)
 * @param sourceSlots  padded encoder positions, {@code >= sourceTokens}
 * @param targetSlots  padded decoder positions, {@code >= targetTokens}
 */
public record BatchStats(long batches, long sentences, long sourceTokens, long targetTokens,
                         long sourceSlots, long targetSlots) implements Serializable {

    /** No batches at all. */
    public static final BatchStats EMPTY = new BatchStats(0, 0, 0, 0, 0, 0);

    public BatchStats {
        if (batches < 0 || sentences < 0 || sourceTokens < 0 || targetTokens < 0) {
            throw new IllegalArgumentException("counts must be >= 0: " + batches + ", " + sentences + ", "
                    + sourceTokens + ", " + targetTokens);
        }
        if (sourceSlots < sourceTokens || targetSlots < targetTokens) {
            throw new IllegalArgumentException("slots must be >= tokens: source " + sourceTokens + "/" + sourceSlots
                    + ", target " + targetTokens + "/" + targetSlots);
        }
    }

    /** The element-wise sum of both. */
    public BatchStats plus(BatchStats other) {
        return new BatchStats(batches + other.batches, sentences + other.sentences,
                sourceTokens + other.sourceTokens, targetTokens + other.targetTokens,
                sourceSlots + other.sourceSlots, targetSlots + other.targetSlots);
    }

    /** Real tokens / padded slots over both sides, in {@code (0, 1]}; 1 when there are no slots at all. */
    public double paddingEfficiency() {
        long slots = sourceSlots + targetSlots;
        return slots == 0 ? 1.0 : (double) (sourceTokens + targetTokens) / slots;
    }
}
