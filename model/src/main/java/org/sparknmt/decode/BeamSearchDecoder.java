package org.sparknmt.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.sparknmt.vocab.Specials;

/**
 * Beam search, batched over sentences. Each sentence keeps up to {@code beamSize} live hypotheses; its rows in the
 * scorer batch are consecutive, best first.
 *
 * <p>Step 1 expands the single BOS row per sentence; {@link StepScorer#select} then fans it out to the chosen
 * hypotheses, so the beam never holds two identical hypotheses. Each step, per sentence, over all live × vocabulary
 * candidates (PAD and BOS excluded), ranked by cumulative log-probability (ties: lower token id, then lower parent
 * position):
 * <ul>
 * <li>EOS candidates ranking among the best {@code beamSize} candidates become finished hypotheses, scored
 *     {@code logProb / lp(tokens + 1)} with the GNMT {@link LengthPenalty};</li>
 * <li>the best {@code beamSize} non-EOS candidates become the new live beam (the beam is refilled, not shrunk);</li>
 * <li>selection is a bounded heap of {@code beamSize}: O(K·V) comparisons per sentence per step, not a sort.</li>
 * </ul>
 *
 * <p>Stopping rule, per sentence: after a step, the sentence is done when
 * <ol>
 * <li>it has taken {@code maxLength} steps: its live hypotheses become final with {@code finished() == false},
 *     scored {@code logProb / lp(maxLength)}; or</li>
 * <li>it has at least {@code nBest} finished hypotheses and the {@code nBest}-th best score is
 *     {@code >= bestLiveLogProb / lp(maxLength)}. Step log-probabilities are {@code <= 0} and {@code lp} grows with
 *     length, so this bound is the best score any live hypothesis can still reach: the returned n-best list is then
 *     exactly the one running on to {@code maxLength} would give (up to exact score ties). With alpha 0 this is
 *     "the n-th best finished log-probability is at least the best live log-probability"; with {@code nBest = 1} it
 *     is the standard "best finished score >= best live logProb / lp(maxLength)".</li>
 * </ol>
 * A done sentence's rows are dropped with {@code select}; {@code select} is skipped when it would be the identity.
 * Returns the {@code nBest} best final hypotheses by {@link Hypothesis#BEST_FIRST}.
 */
public final class BeamSearchDecoder implements Decoder {

    @Override
    public List<List<Hypothesis>> decode(StepScorer scorer, int[] sourceLengths, DecodeOptions options) {
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(sourceLengths, "sourceLengths");
        Objects.requireNonNull(options, "options");
        int sources = sourceLengths.length;
        LengthPenalty penalty = options.penalty();
        SentenceBeam[] beams = new SentenceBeam[sources];
        for (int s = 0; s < sources; s++) {
            beams[s] = new SentenceBeam(options.beamSize(), options.nBest(), options.maxLength(sourceLengths[s]),
                    penalty);
        }
        if (sources == 0) {
            return List.of();
        }
        CheckedScorer session = new CheckedScorer(scorer, sources);
        int vocabSize = session.vocabSize();
        TopK heap = new TopK(options.beamSize());

        int[] active = new int[sources];
        Arrays.setAll(active, s -> s);
        int[] lastTokens = new int[sources];
        Arrays.fill(lastTokens, Specials.BOS_ID);
        while (true) {
            float[] logProbs = session.logProbs(lastTokens);
            int capacity = active.length * options.beamSize();
            int[] nextActive = new int[active.length];
            int[] parentRows = new int[capacity];
            int[] nextTokens = new int[capacity];
            int activeCount = 0;
            int rowCount = 0;
            int firstRow = 0;
            for (int s : active) {
                SentenceBeam beam = beams[s];
                int rows = beam.liveCount();
                int[] parents = beam.advance(logProbs, firstRow, vocabSize, heap);
                if (!beam.done()) {
                    nextActive[activeCount++] = s;
                    for (int i = 0; i < parents.length; i++) {
                        parentRows[rowCount] = firstRow + parents[i];
                        nextTokens[rowCount++] = beam.lastToken(i);
                    }
                }
                firstRow += rows;
            }
            if (activeCount == 0) {
                break;
            }
            session.select(Arrays.copyOf(parentRows, rowCount));
            active = Arrays.copyOf(nextActive, activeCount);
            lastTokens = Arrays.copyOf(nextTokens, rowCount);
        }
        List<List<Hypothesis>> out = new ArrayList<>(sources);
        for (SentenceBeam beam : beams) {
            out.add(beam.nBest());
        }
        return List.copyOf(out);
    }
}
