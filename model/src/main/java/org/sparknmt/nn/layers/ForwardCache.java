package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a vertex's training forward pass kept for its backward pass, valid only for the very input arrays it saw
 * (DL4J calls backward on the same arrays after a training forward pass; anything else recomputes). Not
 * thread-safe, like the vertex that owns it.
 */
final class ForwardCache<T> {
    private T kept;
    private INDArray[] inputs;

    void keep(T value, INDArray[] forInputs) {
        kept = value;
        inputs = forInputs.clone();
    }

    /** The kept value if {@code current} are the same arrays (by identity) as it was kept for, else null. */
    T forInputs(INDArray[] current) {
        if (kept == null || inputs == null || current == null || inputs.length != current.length) {
            return null;
        }
        for (int i = 0; i < current.length; i++) {
            if (inputs[i] != current[i]) {
                return null;
            }
        }
        return kept;
    }

    void forget() {
        kept = null;
        inputs = null;
    }
}
