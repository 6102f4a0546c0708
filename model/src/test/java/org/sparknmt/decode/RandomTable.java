package org.sparknmt.decode;

import java.util.Random;

import org.sparknmt.vocab.Specials;

/**
 * A seeded random {@link TableScorer.Table}: for each (source, history) a fixed pseudo-random normalised
 * distribution (log-softmax of Gaussian logits with standard deviation 2), with EOS growing likelier with the history
 * length so that most sentences end before their max length. The same seed always gives the same table.
 *
 * @param seed      selects the table
 * @param vocabSize ids per distribution
 */
record RandomTable(long seed, int vocabSize) implements TableScorer.Table {

    @Override
    public float[] next(int source, int[] history) {
        long key = seed * 0x9E3779B97F4A7C15L + source;
        for (int token : history) {
            key = key * 1_000_003L + token;
        }
        Random random = new Random(key);
        double[] logits = new double[vocabSize];
        for (int t = 0; t < vocabSize; t++) {
            logits[t] = 2.0 * random.nextGaussian();
        }
        logits[Specials.EOS_ID] += 0.8 * history.length - 2.0;
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (double l : logits) {
            sum += Math.exp(l - max);
        }
        double logSum = max + Math.log(sum);
        float[] out = new float[vocabSize];
        for (int t = 0; t < vocabSize; t++) {
            out[t] = (float) Math.min(0.0, logits[t] - logSum);
        }
        return out;
    }
}
