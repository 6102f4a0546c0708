package org.sparknmt.train;

/**
 * Early stopping and learning-rate decay on a validation score that should rise (BLEU, or minus the loss). One
 * validation that is worse than the best is often noise (BLEU of a few hundred sentences moves by a point), so the
 * rate decays only after {@code decayPatience} validations in a row without a new best, and again after as many
 * more; training stops after {@code patience} of them.
 */
final class Plateau {
    enum Action { IMPROVED, HOLD, DECAY, STOP }

    private final int patience;
    private final int decayPatience;
    private double best;
    private int sinceBest;

    /** {@code best} and {@code sinceBest} continue a resumed run; 0 for either patience means never. */
    Plateau(int patience, int decayPatience, double best, int sinceBest) {
        this.patience = patience;
        this.decayPatience = decayPatience;
        this.best = best;
        this.sinceBest = sinceBest;
    }

    Action observe(double score) {
        if (!Double.isNaN(score) && (Double.isNaN(best) || score > best)) {
            best = score;
            sinceBest = 0;
            return Action.IMPROVED;
        }
        sinceBest++;
        if (patience > 0 && sinceBest >= patience) {
            return Action.STOP;
        }
        if (decayPatience > 0 && sinceBest % decayPatience == 0) {
            return Action.DECAY;
        }
        return Action.HOLD;
    }

    double best() {
        return best;
    }

    int sinceBest() {
        return sinceBest;
    }
}
