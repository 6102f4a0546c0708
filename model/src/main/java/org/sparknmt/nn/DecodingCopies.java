package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Copies of a trained network for decoding only: its configuration and parameters, without the optimizer state
 * that {@link ComputationGraph#clone} also copies (Adam keeps two values per parameter, so a decoding copy is a
 * third of a clone's size). Each concurrent decoder needs its own copy: a DL4J network keeps per-call state.
 */
public final class DecodingCopies {
    private DecodingCopies() {
    }

    /** A new network with {@code trained}'s configuration and a copy of its parameters; no updater state. */
    public static ComputationGraph of(ComputationGraph trained) {
        ComputationGraph copy = new ComputationGraph(trained.getConfiguration().clone());
        copy.init(trained.params().dup(), false);
        return copy;
    }
}
