package org.sparknmt.decode;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

import org.sparknmt.vocab.Specials;

/**
 * One decoded output. Immutable: {@code tokens} is copied on the way in and out; read single ids with
 * {@link #tokenAt(int)}.
 *
 * @param tokens   the emitted ids, shape {@code [tokens]}, WITHOUT BOS and WITHOUT the final EOS; none is PAD, BOS
 *                 or EOS
 * @param logProb  sum of the step log-probabilities, including the EOS step when {@code finished}; not NaN
 * @param score    {@code logProb / lp(steps())} under the decode's {@link LengthPenalty}; not NaN
 * @param finished true when the hypothesis ended with EOS, false when it hit the max length
 */
public record Hypothesis(int[] tokens, double logProb, double score, boolean finished) {

    /**
     * Best first: higher score, then the lexicographically lower emitted id sequence (tokens plus EOS when finished,
     * a proper prefix first), so equal scores go to the lower token id as in every other tie.
     */
    public static final Comparator<Hypothesis> BEST_FIRST = Hypothesis::compareBestFirst;

    public Hypothesis {
        Objects.requireNonNull(tokens, "tokens");
        tokens = tokens.clone();
        for (int i = 0; i < tokens.length; i++) {
            int id = tokens[i];
            if (id < 0 || id == Specials.PAD_ID || id == Specials.BOS_ID || id == Specials.EOS_ID) {
                throw new IllegalArgumentException("tokens[" + i + "] = " + id
                        + " is invalid: ids must be >= 0 and not PAD, BOS or EOS");
            }
        }
        if (Double.isNaN(logProb)) {
            throw new IllegalArgumentException("logProb must not be NaN");
        }
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score must not be NaN");
        }
    }

    /** A hypothesis scored {@code logProb / penalty.of(steps)}. */
    public static Hypothesis scored(int[] tokens, double logProb, boolean finished, LengthPenalty penalty) {
        int steps = tokens.length + (finished ? 1 : 0);
        return new Hypothesis(tokens, logProb, penalty.score(logProb, steps), finished);
    }

    /** A copy of the emitted ids, shape {@code [tokens]}. */
    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** The emitted id at position {@code i}, without copying. */
    public int tokenAt(int i) {
        return tokens[i];
    }

    /** Decoding steps taken: the tokens plus the EOS when finished. This is {@code L} of the length penalty. */
    public int steps() {
        return tokens.length + (finished ? 1 : 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hypothesis other
                && Arrays.equals(tokens, other.tokens)
                && Double.compare(logProb, other.logProb) == 0
                && Double.compare(score, other.score) == 0
                && finished == other.finished;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tokens), logProb, score, finished);
    }

    @Override
    public String toString() {
        return "Hypothesis[tokens=" + Arrays.toString(tokens) + ", logProb=" + logProb + ", score=" + score
                + ", finished=" + finished + "]";
    }

    private static int compareBestFirst(Hypothesis a, Hypothesis b) {
        if (a.score != b.score) {
            return a.score > b.score ? -1 : 1;
        }
        int n = Math.min(a.steps(), b.steps());
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(a.emitted(i), b.emitted(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.steps(), b.steps());
    }

    private int emitted(int i) {
        return i < tokens.length ? tokens[i] : Specials.EOS_ID;
    }
}
