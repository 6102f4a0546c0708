/**
 * Text before subwords: {@link org.sparknmt.text.TextNormalizer} cleans a raw sentence into one canonical form and
 * {@link org.sparknmt.text.Tokenizer} splits it into tokens that carry their own spacing, so that
 * {@code detokenize(tokenize(t))} restores {@code t} exactly. Training, serving and evaluation use both, so they live
 * here once. Every class is immutable or thread-confined per thread, and serializable for Spark executors.
 */
package org.sparknmt.text;
