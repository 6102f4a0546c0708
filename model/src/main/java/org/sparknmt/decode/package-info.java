/**
 * Decoding: turning a model's next-token distributions into translations. A {@link org.sparknmt.decode.Decoder}
 * ({@link org.sparknmt.decode.GreedyDecoder}, {@link org.sparknmt.decode.BeamSearchDecoder}) drives a
 * {@link org.sparknmt.decode.StepScorer}, which hides the network and its carried state. Pure Java over float
 * arrays, with no DL4J/ND4J dependency, so every decoder is unit-testable with a hand-written stub scorer.
 *
 * <p>Conventions shared by every class here:
 * <ul>
 * <li>Log-probability arrays are row-major {@code [rows × vocabSize]}: entry {@code r * vocabSize + t} is the
 *     log-probability of token id {@code t} as row {@code r}'s next token.</li>
 * <li>Every row starts from {@link org.sparknmt.vocab.Specials#BOS_ID}. PAD and BOS are never proposed as next
 *     tokens; UNK and EOS are.</li>
 * <li>One step is one {@code logProbs} call. A sentence's {@link org.sparknmt.decode.DecodeOptions#maxLength} caps
 *     its steps, so every {@link org.sparknmt.decode.Hypothesis#steps()} (tokens, plus EOS when finished) is at most
 *     the max length.</li>
 * <li>Candidates rank by cumulative log-probability (a double sum of the float log-probs, in step order); ties go to
 *     the lower token id, then to the lower position of the parent hypothesis in its beam. Final n-best lists rank
 *     by {@link org.sparknmt.decode.Hypothesis#BEST_FIRST}.</li>
 * </ul>
 * Decoders are stateless and thread-safe; a scorer is one session driven by one decoder call.
 */
package org.sparknmt.decode;
