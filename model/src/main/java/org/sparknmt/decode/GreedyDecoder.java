package org.sparknmt.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.sparknmt.vocab.Specials;

/**
 * Greedy decoding: every row starts from BOS and takes the best next token each step (by cumulative
 * log-probability; ties to the lower id; PAD and BOS are never taken). A sentence stops at EOS ({@code finished})
 * or when it reaches its max length ({@code !finished}); its row is then dropped from the batch with
 * {@link StepScorer#select}, so the work shrinks and a stopped sentence is never stepped again. {@code select} is
 * called only when some row stopped.
 *
 * <p>Uses the options' length penalty and max length; ignores {@code beamSize} and {@code nBest}: each n-best list
 * holds exactly one hypothesis.
 */
public final class GreedyDecoder implements Decoder {

    @Override
    public List<List<Hypothesis>> decode(StepScorer scorer, int[] sourceLengths, DecodeOptions options) {
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(sourceLengths, "sourceLengths");
        Objects.requireNonNull(options, "options");
        int sources = sourceLengths.length;
        int[] maxLengths = new int[sources];
        for (int s = 0; s < sources; s++) {
            maxLengths[s] = options.maxLength(sourceLengths[s]);
        }
        if (sources == 0) {
            return List.of();
        }
        LengthPenalty penalty = options.penalty();
        CheckedScorer session = new CheckedScorer(scorer, sources);
        int vocabSize = session.vocabSize();

        Trace[] traces = new Trace[sources];
        double[] logProbs = new double[sources];
        Hypothesis[] results = new Hypothesis[sources];
        Arrays.fill(traces, Trace.ROOT);
        int[] active = new int[sources];
        Arrays.setAll(active, s -> s);
        int[] lastTokens = new int[sources];
        Arrays.fill(lastTokens, Specials.BOS_ID);

        for (int step = 1; ; step++) {
            float[] next = session.logProbs(lastTokens);
            int[] keptRows = new int[active.length];
            int kept = 0;
            for (int row = 0; row < active.length; row++) {
                int s = active[row];
                int token = argmax(next, row * vocabSize, vocabSize);
                logProbs[s] += next[row * vocabSize + token];
                if (token == Specials.EOS_ID) {
                    results[s] = Hypothesis.scored(traces[s].tokens(), logProbs[s], true, penalty);
                    continue;
                }
                traces[s] = traces[s].extend(token);
                if (step == maxLengths[s]) {
                    results[s] = Hypothesis.scored(traces[s].tokens(), logProbs[s], false, penalty);
                } else {
                    keptRows[kept++] = row;
                }
            }
            if (kept == 0) {
                break;
            }
            keptRows = Arrays.copyOf(keptRows, kept);
            session.select(keptRows);
            int[] nextActive = new int[kept];
            lastTokens = new int[kept];
            for (int i = 0; i < kept; i++) {
                nextActive[i] = active[keptRows[i]];
                lastTokens[i] = traces[nextActive[i]].lastToken();
            }
            active = nextActive;
        }
        List<List<Hypothesis>> out = new ArrayList<>(sources);
        for (Hypothesis h : results) {
            out.add(List.of(h));
        }
        return List.copyOf(out);
    }

    /**
     * The proposable token with the highest log-probability, ties to the lower id: the one with the best cumulative
     * log-probability, since every candidate of a row adds the same cumulative value (compared as floats, in one
     * pass over the row, which is most of greedy search's own time at a vocabulary of thousands).
     */
    private static int argmax(float[] next, int offset, int vocabSize) {
        int best = -1;
        float bestLogProb = 0;
        for (int token = 0; token < vocabSize; token++) {
            float logProb = next[offset + token];
            if ((best < 0 || logProb > bestLogProb) && Candidates.proposable(token)) {
                best = token;
                bestLogProb = logProb;
            }
        }
        return best;
    }
}
