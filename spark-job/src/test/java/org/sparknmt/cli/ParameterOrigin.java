package org.sparknmt.cli;

import org.sparknmt.bundle.Bundle;
import org.sparknmt.nn.ModelConfig;
import org.sparknmt.nn.Seq2SeqNetwork;

/**
 * Where a briefly trained network started from, read off its parameters. A few Adam steps leave every parameter
 * whose gradient stayed zero (the embedding rows of tokens its batches did not contain) exactly at its starting
 * value. So among the parameters where the current model differs from a fresh initialisation of the same config
 * and seed, a candidate warm-started from the current model holds some at the current model's values exactly and
 * none at the fresh values; a candidate started fresh would do the opposite.
 *
 * @param keptFromCurrent parameters equal to the current model's, where those differ from the fresh ones
 * @param keptFromFresh   parameters equal to the fresh initialisation's, where those differ from the current ones
 * @param differing       parameters where the current model and the fresh initialisation differ
 */
record ParameterOrigin(long keptFromCurrent, long keptFromFresh, long differing) {

    static ParameterOrigin of(Bundle candidate, Bundle current) {
        ModelConfig config = ModelConfig.fromYaml(current.modelConfigYaml());
        double[] fresh = Seq2SeqNetwork.build(config, current.sourceVocab().size(), current.targetVocab().size())
                .params().toDoubleVector();
        double[] cur = current.network().params().toDoubleVector();
        double[] cand = candidate.network().params().toDoubleVector();
        if (fresh.length != cur.length || cand.length != cur.length) {
            throw new AssertionError("parameter counts differ: " + cand.length + " / " + cur.length + " / " + fresh.length);
        }
        long fromCurrent = 0;
        long fromFresh = 0;
        long differing = 0;
        for (int i = 0; i < cur.length; i++) {
            if (cur[i] != fresh[i]) {
                differing++;
                fromCurrent += cand[i] == cur[i] ? 1 : 0;
                fromFresh += cand[i] == fresh[i] ? 1 : 0;
            }
        }
        return new ParameterOrigin(fromCurrent, fromFresh, differing);
    }
}
