package org.sparknmt.eval;

/**
 * sacreBLEU's {@code BLEU.compute_bleu} for 'exp' smoothing: the score from corpus sufficient statistics.
 * <ul>
 *   <li>BP = 1 if hyp_len >= ref_len, else exp(1 - ref_len / hyp_len), or 0 if hyp_len is 0;</li>
 *   <li>no matching n-gram of any order: score 0, precisions all 0;</li>
 *   <li>per order n: stop at the first order with no hypothesis n-grams (its precision and the following stay 0);
 *       precision = 100 * matches / total, or, with no matches, 100 / (2^k * total) for the k-th such order;</li>
 *   <li>score = BP * exp(sum of ln(precision) / order), where ln(0) counts as -9999999999 and order is 4, or with
 *       effective order the last order that had hypothesis n-grams.</li>
 * </ul>
 */
final class BleuFormula {
    /** sacreBLEU's {@code my_log(0)}. */
    private static final double LOG_ZERO = -9999999999.0;

    private BleuFormula() {
    }

    static BleuScore compute(long[] correct, long[] total, long hypLength, long refLength, boolean effectiveOrder,
                             String signature) {
        int maxOrder = correct.length;
        double bp = 1.0;
        if (hypLength < refLength) {
            bp = hypLength > 0 ? Math.exp(1 - (double) refLength / hypLength) : 0.0;
        }
        double ratio = refLength != 0 ? (double) hypLength / refLength : 0;
        double[] precisions = new double[maxOrder];

        boolean anyMatch = false;
        for (long c : correct) {
            anyMatch |= c != 0;
        }
        if (!anyMatch) {
            return new BleuScore(0.0, precisions, bp, ratio, hypLength, refLength, correct, total, signature);
        }

        double smoothMteval = 1.0;
        int effOrder = maxOrder;
        for (int n = 1; n <= maxOrder; n++) {
            if (total[n - 1] == 0) {
                break;
            }
            if (effectiveOrder) {
                effOrder = n;
            }
            if (correct[n - 1] == 0) {
                smoothMteval *= 2;
                precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
            } else {
                precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
            }
        }
        double logSum = 0;
        for (int i = 0; i < effOrder; i++) {
            logSum += precisions[i] == 0.0 ? LOG_ZERO : Math.log(precisions[i]);
        }
        double score = bp * Math.exp(logSum / effOrder);
        return new BleuScore(score, precisions, bp, ratio, hypLength, refLength, correct, total, signature);
    }
}
