package org.sparknmt.decode;

import java.util.List;

/** Decodes a batch of source sentences through one {@link StepScorer} session. Implementations are thread-safe. */
public interface Decoder {

    /**
     * Decodes every source sentence of the scorer's batch.
     *
     * @param scorer        a fresh session with one row per source sentence, row i = source i
     * @param sourceLengths source lengths in tokens, {@code [sources]}, each {@code >= 0}; they set the max lengths
     * @param options       beam size, n-best, length penalty and max length
     * @return result i = the n-best list of source i, best first ({@link Hypothesis#BEST_FIRST}); unmodifiable;
     *         empty for zero sources (then the scorer is not called at all)
     */
    List<List<Hypothesis>> decode(StepScorer scorer, int[] sourceLengths, DecodeOptions options);
}
