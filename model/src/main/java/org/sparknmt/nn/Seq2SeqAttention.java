package org.sparknmt.nn;

import org.deeplearning4j.nn.conf.graph.AttentionVertex;
import org.sparknmt.nn.layers.FusedAttention;

/**
 * DL4J's AttentionVertex with a working {@code clone()}: the stock one drops the updater-relevant settings when Spark
 * workers clone the configuration ("Updater for parameter Wq ... was null"). The saved network JSON names this
 * class, so its name and package must stay stable.
 */
public class Seq2SeqAttention extends AttentionVertex {
    private static final long serialVersionUID = 1L;

    public Seq2SeqAttention() {
        super();
    }

    Seq2SeqAttention(AttentionVertex.Builder builder) {
        super(builder);
    }

    @Override
    public Seq2SeqAttention clone() {
        return FusedAttention.copySettings(this, new Seq2SeqAttention());
    }
}
