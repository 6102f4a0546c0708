package org.sparknmt.translate;

/**
 * One translation of one sentence.
 *
 * @param text     detokenized output
 * @param score    the decoder's ranking score (log-probability divided by the length penalty)
 * @param logProb  total log-probability of the output tokens, EOS included when the output ended with it
 * @param finished the output ended with EOS (false: cut at the maximum length)
 */
public record Translation(String text, double score, double logProb, boolean finished) {
}
