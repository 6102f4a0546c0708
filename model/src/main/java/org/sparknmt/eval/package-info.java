/**
 * Evaluation metrics compatible with sacreBLEU 2.x (verified against 2.6.0): corpus BLEU ({@link
 * org.sparknmt.eval.CorpusBleu}, tokenizers {@link org.sparknmt.eval.BleuTokenizer} 13a / zh / none / intl / char,
 * lower-casing, exponential smoothing), chrF ({@link org.sparknmt.eval.CorpusChrf}) and TER ({@link
 * org.sparknmt.eval.CorpusTer}, Tercom's tokenizer options, shifts and beam edit distance). Each metric has a
 * serializable stats accumulator ({@link org.sparknmt.eval.BleuStats}, {@link org.sparknmt.eval.ChrfStats}, {@link
 * org.sparknmt.eval.TerStats}) whose {@code merge} sums partial stats, so a Spark job can score partitions separately
 * and get the one-shot result. Scores are immutable records that print sacreBLEU's output ({@code format}, {@code
 * formatWithSignature}, {@code toJson}); their signatures keep sacreBLEU's fields but name this implementation as the
 * version (see {@link org.sparknmt.eval.Signatures}). Text is Java strings throughout; {@link
 * org.sparknmt.eval.TextSegments} reads files as strict UTF-8 the way sacreBLEU's command line does. Python string
 * semantics (whitespace, lower-casing, code-point indexing, half-even number formatting) are reproduced where
 * sacreBLEU's results depend on them.
 */
package org.sparknmt.eval;
