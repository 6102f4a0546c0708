package org.sparknmt.decode;

import org.sparknmt.vocab.Specials;

/** Which next tokens may be proposed, and the one order in which candidates rank (see the package docs). */
final class Candidates {
    /** The first id after the specials: every id from here on is an ordinary, proposable token. */
    static final int FIRST_WORD = Specials.ALL.size();

    private Candidates() {
    }

    /** PAD and BOS are never proposed as a next token; every other id (UNK, EOS, words) is. */
    static boolean proposable(int token) {
        return token != Specials.PAD_ID && token != Specials.BOS_ID;
    }

    /**
     * Whether candidate a ranks before candidate b: higher cumulative log-probability, then lower token id, then lower
     * position of the parent hypothesis in its beam. Neither log-probability may be NaN.
     */
    static boolean before(double logProbA, int tokenA, int positionA, double logProbB, int tokenB, int positionB) {
        if (logProbA != logProbB) {
            return logProbA > logProbB;
        }
        if (tokenA != tokenB) {
            return tokenA < tokenB;
        }
        return positionA < positionB;
    }
}
