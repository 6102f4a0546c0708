package org.sparknmt.nn.kernels;

/** The label-smoothed cross-entropy of one row from its softmax's statistics (shared by both kernels). */
final class SoftmaxLoss {
    private SoftmaxLoss() {
    }

    /**
     * @param max        the row's largest logit
     * @param mean       the mean logit
     * @param labelLogit the label's logit
     * @param sum        Σ exp(z − max)
     */
    static double of(float max, double mean, float labelLogit, double sum, float smoothing, float weight) {
        double logSum = Math.log(sum);
        double nll = logSum - (labelLogit - max);
        return weight * ((1 - smoothing) * nll + smoothing * (logSum - (mean - max)));
    }
}
