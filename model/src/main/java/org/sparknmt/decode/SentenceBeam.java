package org.sparknmt.decode;

import java.util.ArrayList;
import java.util.List;

import org.sparknmt.nn.kernels.FloatKernels;
import org.sparknmt.vocab.Specials;

/**
 * The beam of one source sentence: its live hypotheses (best first, at most {@code beamSize}), the best
 * {@code nBest} final hypotheses so far, and the stopping rule documented on {@link BeamSearchDecoder}. Its rows in
 * the scorer batch are consecutive, in live order. Mutable; confined to one decode call.
 */
final class SentenceBeam {
    private static final FloatKernels K = FloatKernels.best();
    private final int beamSize;
    private final int nBest;
    private final int maxLength;
    private final LengthPenalty penalty;
    /** {@code penalty.of(maxLength)}: the largest penalty any hypothesis of this sentence can get. */
    private final double maxPenalty;

    private Trace[] live = {Trace.ROOT};
    private double[] liveLogProbs = {0.0};
    private final List<Hypothesis> best = new ArrayList<>();
    private int steps;
    private boolean done;

    // per-step scratch, sized beamSize
    private final double[] candidateLogProbs;
    private final int[] candidateTokens;
    private final int[] candidatePositions;
    private final double[] eosLogProbs;
    private final int[] eosOrder;

    SentenceBeam(int beamSize, int nBest, int maxLength, LengthPenalty penalty) {
        this.beamSize = beamSize;
        this.nBest = nBest;
        this.maxLength = maxLength;
        this.penalty = penalty;
        this.maxPenalty = penalty.of(maxLength);
        this.candidateLogProbs = new double[beamSize];
        this.candidateTokens = new int[beamSize];
        this.candidatePositions = new int[beamSize];
        this.eosLogProbs = new double[beamSize];
        this.eosOrder = new int[beamSize];
    }

    int liveCount() {
        return live.length;
    }

    /** The token live hypothesis {@code position} feeds to the scorer next. */
    int lastToken(int position) {
        return live[position].lastToken();
    }

    boolean done() {
        return done;
    }

    /**
     * One step: expands every live hypothesis with the log-probabilities of its row ({@code firstRow + position} of
     * the row-major {@code [rows × vocabSize]} array), keeps the best {@code beamSize} non-EOS candidates as the new
     * live beam and moves the EOS candidates that rank among the best {@code beamSize} of all candidates to the final
     * list.
     *
     * @return for each new live hypothesis, the position of its parent in the old live beam; empty once done
     */
    int[] advance(float[] logProbs, int firstRow, int vocabSize, TopK heap) {
        steps++;
        int k = live.length;
        heap.clear();
        for (int j = 0; j < k; j++) {
            int offset = (firstRow + j) * vocabSize;
            double cumulative = liveLogProbs[j];
            eosLogProbs[j] = cumulative + logProbs[offset + Specials.EOS_ID];
            for (int token = 0; token < Candidates.FIRST_WORD; token++) {
                if (token != Specials.EOS_ID && Candidates.proposable(token)) {
                    heap.offer(cumulative + logProbs[offset + token], token, j);
                }
            }
            double threshold = heap.threshold();
            int end = offset + vocabSize;
            for (int i = offset + Candidates.FIRST_WORD; ; i++) {
                i = K.firstAtLeast(logProbs, i, end, lowerBound(threshold, cumulative));
                if (i == end) {
                    break;
                }
                double logProb = cumulative + logProbs[i];
                if (logProb >= threshold) {
                    heap.offer(logProb, i - offset, j);
                    threshold = heap.threshold();
                }
            }
        }
        int n = heap.drainBestFirst(candidateLogProbs, candidateTokens, candidatePositions);
        finishTopEos(k, n);

        Trace[] nextLive = new Trace[n];
        double[] nextLogProbs = new double[n];
        int[] parents = new int[n];
        for (int i = 0; i < n; i++) {
            parents[i] = candidatePositions[i];
            nextLive[i] = live[parents[i]].extend(candidateTokens[i]);
            nextLogProbs[i] = candidateLogProbs[i];
        }
        live = nextLive;
        liveLogProbs = nextLogProbs;

        if (steps == maxLength) {
            for (int i = 0; i < n; i++) {
                addFinal(live[i], liveLogProbs[i], false);
            }
            done = true;
        } else {
            done = n == 0 || cannotImprove();
        }
        if (done) {
            live = new Trace[0];
            liveLogProbs = new double[0];
            return new int[0];
        }
        return parents;
    }

    /** The final hypotheses kept, best first, at most {@code nBest}. */
    List<Hypothesis> nBest() {
        return List.copyOf(best);
    }

    /**
     * Merges the {@code k} EOS candidates (one per old live hypothesis) with the {@code n} best non-EOS candidates,
     * both in rank order, and finishes the EOS candidates among the first {@code beamSize}.
     */
    private void finishTopEos(int k, int n) {
        for (int j = 0; j < k; j++) {
            int i = j;
            while (i > 0 && eosLogProbs[j] > eosLogProbs[eosOrder[i - 1]]) {
                eosOrder[i] = eosOrder[i - 1];
                i--;
            }
            eosOrder[i] = j;
        }
        int e = 0;
        int c = 0;
        for (int rank = 0; rank < beamSize && e < k; rank++) {
            int j = eosOrder[e];
            if (c >= n || Candidates.before(eosLogProbs[j], Specials.EOS_ID, j,
                    candidateLogProbs[c], candidateTokens[c], candidatePositions[c])) {
                addFinal(live[j], eosLogProbs[j], true);
                e++;
            } else {
                c++;
            }
        }
    }

    /**
     * True when the {@code nBest}-th best final score is at least the best score any live hypothesis could still
     * reach: log-probabilities only fall as a hypothesis grows and its length is at most {@code maxLength}, so a
     * live log-probability {@code p <= 0} can end at best at {@code p / lp(maxLength)}.
     */
    private boolean cannotImprove() {
        return best.size() == nBest && best.get(nBest - 1).score() >= liveLogProbs[0] / maxPenalty;
    }

    private void addFinal(Trace trace, double logProb, boolean finished) {
        int length = trace.length() + (finished ? 1 : 0);
        double score = penalty.score(logProb, length);
        if (best.size() == nBest && score < best.get(nBest - 1).score()) {
            return;
        }
        Hypothesis h = new Hypothesis(trace.tokens(), logProb, score, finished);
        int i = best.size();
        while (i > 0 && Hypothesis.BEST_FIRST.compare(h, best.get(i - 1)) < 0) {
            i--;
        }
        best.add(i, h);
        if (best.size() > nBest) {
            best.remove(nBest);
        }
    }

    /**
     * A float bound under every float log-probability {@code p} whose {@code cumulative + p} (in double) reaches
     * {@code threshold}: the lane scan's pre-filter, below the exact difference by far more than double rounding;
     * the exact test follows it. Everything passes while the heap is not full or the difference is NaN.
     */
    static float lowerBound(double threshold, double cumulative) {
        double difference = threshold - cumulative;
        if (!(difference > Double.NEGATIVE_INFINITY)) {
            return Float.NEGATIVE_INFINITY;
        }
        if (difference == Double.POSITIVE_INFINITY) {
            return Float.POSITIVE_INFINITY;
        }
        double slack = 1e-9 * (Math.abs(threshold) + Math.abs(cumulative));
        return Math.nextDown((float) (difference - slack));
    }
}
