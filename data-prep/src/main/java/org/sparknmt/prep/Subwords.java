package org.sparknmt.prep;

import org.sparknmt.subword.BpeModel;

import java.io.Serializable;

/** The BPE model(s) of a prep run: one shared by both sides ({@code joint}) or one per side. */
public record Subwords(BpeModel source, BpeModel target, boolean joint) implements Serializable {
    public static Subwords joint(BpeModel model) {
        return new Subwords(model, model, true);
    }
}
