package org.sparknmt.decode;

/**
 * One decoding session over a batch of source sentences. The implementation carries each row's state (e.g. LSTM
 * state and cached encoder outputs); a {@link Decoder} only feeds tokens and rearranges rows.
 *
 * <p>Rows: initially there is exactly one row per source sentence, row {@code i} = source {@code i}.
 * {@link #logProbs} advances every current row by one step; {@link #select} rearranges the rows between steps.
 * A session is driven by one decoder call on one thread.
 */
public interface StepScorer {

    /** The number of target token ids, {@code V}; every row of {@link #logProbs} has this many entries. */
    int vocabSize();

    /**
     * Feeds {@code lastTokens[r]} to row {@code r} (BOS on the first step) and returns the log-probabilities of every
     * row's next token given its history so far. Advances every row's state by one step.
     *
     * @param lastTokens one token id per current row, {@code lastTokens.length == rows > 0}
     * @return row-major {@code [rows × V]}: entry {@code r * V + t} = log P(next = t | history of row r); values are
     *         finite or {@code -Infinity}, never NaN or {@code +Infinity}. The array may be reused by the next call:
     *         read it before calling again, copy it to keep it
     */
    float[] logProbs(int[] lastTokens);

    /**
     * Re-selects the carried state: new row {@code i} continues old row {@code rows[i]}. Old rows may repeat (to fan
     * out a beam) or be left out (finished sentences); the new row count is {@code rows.length}.
     *
     * @param rows old row indices, each in {@code [0, current rows)}
     */
    void select(int[] rows);
}
