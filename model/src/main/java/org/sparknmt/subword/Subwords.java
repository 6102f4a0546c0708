package org.sparknmt.subword;

import java.io.Serializable;

/** The BPE model(s) of a corpus: one shared by both sides ({@code joint}) or one per side. Prep learns them; bundles carry them. */
public record Subwords(BpeModel source, BpeModel target, boolean joint) implements Serializable {
    public static Subwords joint(BpeModel model) {
        return new Subwords(model, model, true);
    }
}
