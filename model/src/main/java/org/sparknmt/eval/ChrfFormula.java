package org.sparknmt.eval;

/**
 * sacreBLEU's {@code CHRF._compute_f_score}: chrF from summed (hyp, ref, match) counts per order. Per order,
 * precision = match / hyp and recall = match / ref (an empty side gives 1e-16). By default precision and recall are
 * averaged over the orders where both sides have n-grams and combined once:
 * F = (1 + beta²) P R / (beta² P + R), 0 if P + R is 0. With epsilon smoothing, the per-order F-scores (1e-16 for an
 * order whose denominator is 0) are averaged over all orders instead. Times 100.
 */
final class ChrfFormula {
    private static final double EPS = 1e-16;

    private ChrfFormula() {
    }

    static double fScore(long[] stats, int orders, int beta, boolean epsSmoothing) {
        double factor = (double) beta * beta;
        double sumF = 0.0;
        double avgPrec = 0.0;
        double avgRec = 0.0;
        int effectiveOrder = 0;
        for (int i = 0; i < orders; i++) {
            long hyp = stats[3 * i];
            long ref = stats[3 * i + 1];
            long match = stats[3 * i + 2];
            double prec = hyp > 0 ? (double) match / hyp : EPS;
            double rec = ref > 0 ? (double) match / ref : EPS;
            double denom = factor * prec + rec;
            sumF += denom > 0 ? (1 + factor) * prec * rec / denom : EPS;
            if (hyp > 0 && ref > 0) {
                avgPrec += prec;
                avgRec += rec;
                effectiveOrder++;
            }
        }
        if (epsSmoothing) {
            return 100 * sumF / orders;
        }
        if (effectiveOrder == 0) {
            return 0.0;
        }
        avgPrec /= effectiveOrder;
        avgRec /= effectiveOrder;
        if (avgPrec + avgRec == 0) {
            return 0.0;
        }
        double score = (1 + factor) * avgPrec * avgRec;
        score /= factor * avgPrec + avgRec;
        return 100 * score;
    }
}
