package org.sparknmt.prep;

import java.io.Serializable;

/**
 * A pair after cleaning and tokenization: either kept ({@code dropped == null}) with its normalized text, word
 * tokens and split, or dropped with the reason.
 *
 * @param fixes     bit set of {@link Fix} ordinals applied to either side
 * @param rawSource the line as read, kept only for held-out pairs (BLEU references are scored on raw text); else null
 * @param rawTarget likewise for the target side
 */
public record CleanPair(long index, String origin, DropReason dropped, int fixes, String source, String target,
                        String[] sourceTokens, String[] targetTokens, Split split, String rawSource, String rawTarget)
        implements Serializable {

    public boolean kept() {
        return dropped == null;
    }

    static CleanPair drop(RawPair raw, DropReason reason, int fixes) {
        return new CleanPair(raw.index(), raw.origin(), reason, fixes, raw.source(), raw.target(), null, null, null,
                null, null);
    }

    CleanPair markDuplicate() {
        return new CleanPair(index, origin, DropReason.DUPLICATE, fixes, source, target, null, null, null, null, null);
    }

    /** The key under which exact duplicates meet. */
    String pairKey() {
        return source + '\t' + target;
    }
}
