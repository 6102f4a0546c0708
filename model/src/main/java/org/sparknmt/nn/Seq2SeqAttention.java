package org.sparknmt.nn;

import org.deeplearning4j.nn.conf.graph.AttentionVertex;

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
        Seq2SeqAttention copy = new Seq2SeqAttention();
        copy.setNInKeys(getNInKeys());
        copy.setNInValues(getNInValues());
        copy.setNInQueries(getNInQueries());
        copy.setNOut(getNOut());
        copy.setHeadSize(getHeadSize());
        copy.setNHeads(getNHeads());
        copy.setProjectInput(isProjectInput());
        copy.setWeightInit(getWeightInit());
        copy.setName(getName());
        copy.setDataType(getDataType());
        copy.setRegularization(getRegularization());
        copy.setRegularizationBias(getRegularizationBias());
        copy.setUpdater(getUpdater());
        copy.setBiasUpdater(getBiasUpdater());
        copy.setGradientNormalization(getGradientNormalization());
        copy.setGradientNormalizationThreshold(getGradientNormalizationThreshold());
        return copy;
    }
}
