package org.sparknmt.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.sparknmt.vocab.Specials;

/**
 * The beam search of {@link BeamSearchDecoder} written the slow, obvious way, as a test oracle: one sentence,
 * straight from a {@link TableScorer.Table}, all candidates fully sorted each step, and no early stopping (it always
 * runs to the max length). Same rules otherwise: PAD and BOS never proposed; EOS candidates in the top
 * {@code beamSize} finish; the best {@code beamSize} non-EOS candidates live on; ties to the lower token, then the
 * lower parent position.
 */
final class ReferenceBeamSearch {
    private record Live(int[] history, double logProb) {
    }

    private record Candidate(int parent, int token, double logProb) {
    }

    private static final Comparator<Candidate> ORDER = Comparator.comparingDouble(Candidate::logProb).reversed()
            .thenComparingInt(Candidate::token)
            .thenComparingInt(Candidate::parent);

    private ReferenceBeamSearch() {
    }

    static List<Hypothesis> search(TableScorer.Table table, int source, int vocabSize, DecodeOptions options,
                                   int maxLength) {
        int k = options.beamSize();
        LengthPenalty penalty = options.penalty();
        List<Live> live = List.of(new Live(new int[0], 0.0));
        List<Hypothesis> finals = new ArrayList<>();
        for (int step = 1; step <= maxLength; step++) {
            List<Candidate> candidates = new ArrayList<>();
            for (int j = 0; j < live.size(); j++) {
                float[] dist = table.next(source, live.get(j).history());
                for (int token = 0; token < vocabSize; token++) {
                    if (token != Specials.PAD_ID && token != Specials.BOS_ID) {
                        candidates.add(new Candidate(j, token, live.get(j).logProb() + dist[token]));
                    }
                }
            }
            candidates.sort(ORDER);
            for (Candidate c : candidates.subList(0, Math.min(k, candidates.size()))) {
                if (c.token() == Specials.EOS_ID) {
                    finals.add(Hypothesis.scored(live.get(c.parent()).history(), c.logProb(), true, penalty));
                }
            }
            List<Live> next = new ArrayList<>();
            for (Candidate c : candidates) {
                if (c.token() != Specials.EOS_ID && next.size() < k) {
                    int[] parent = live.get(c.parent()).history();
                    int[] history = Arrays.copyOf(parent, parent.length + 1);
                    history[parent.length] = c.token();
                    next.add(new Live(history, c.logProb()));
                }
            }
            live = next;
        }
        for (Live l : live) {
            finals.add(Hypothesis.scored(l.history(), l.logProb(), false, penalty));
        }
        finals.sort(Hypothesis.BEST_FIRST);
        return List.copyOf(finals.subList(0, Math.min(options.nBest(), finals.size())));
    }
}
