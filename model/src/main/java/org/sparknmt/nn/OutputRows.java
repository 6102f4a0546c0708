package org.sparknmt.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The rows of the output projection one decoding session scores: all of them, or a shortlist's candidates (gathered
 * once per session, so that each step's product is {@code [rows, nIn]·[nIn, C]} instead of over the whole
 * vocabulary).
 *
 * @param weightsT the output weights of these rows, transposed {@code [C, nIn]}, whole and C-ordered
 * @param bias     their biases {@code [C]}
 * @param ids      the target ids scored, ascending; null when all {@code V} are
 */
record OutputRows(INDArray weightsT, float[] bias, int[] ids) {

    static OutputRows all(StepWeights w) {
        return new OutputRows(w.outWT(), w.outB(), null);
    }

    /** The rows {@code ids} (ascending, within the vocabulary) of {@code w}'s output projection. */
    static OutputRows of(StepWeights w, int[] ids) {
        int v = w.vocabSize();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= v || (i > 0 && ids[i] <= ids[i - 1])) {
                throw new IllegalArgumentException("candidate ids must be ascending and in [0, " + v + "), got "
                        + ids[i] + " at " + i);
            }
        }
        if (ids.length == v) {
            return all(w);
        }
        float[] bias = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            bias[i] = w.outB()[ids[i]];
        }
        return new OutputRows(w.outWT().getRows(ids).dup('c'), bias, ids.clone());
    }

    /** How many rows are scored, {@code C}. */
    int count() {
        return bias.length;
    }
}
