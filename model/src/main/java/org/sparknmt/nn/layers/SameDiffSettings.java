package org.sparknmt.nn.layers;

import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;

/** Copies what a SameDiff vertex configuration carries besides its own hyper-parameters (DL4J's clones drop it). */
final class SameDiffSettings {
    private SameDiffSettings() {
    }

    /** The name, data type, regularization, updaters and gradient normalization of {@code from}, into {@code to}. */
    static <T extends SameDiffVertex> T copy(SameDiffVertex from, T to) {
        to.setName(from.getName());
        to.setDataType(from.getDataType());
        to.setRegularization(from.getRegularization());
        to.setRegularizationBias(from.getRegularizationBias());
        to.setUpdater(from.getUpdater());
        to.setBiasUpdater(from.getBiasUpdater());
        to.setGradientNormalization(from.getGradientNormalization());
        to.setGradientNormalizationThreshold(from.getGradientNormalizationThreshold());
        return to;
    }
}
