package org.sparknmt.eval;

import java.util.Arrays;

/**
 * The word-level Levenshtein distance TER uses, as sacreBLEU's {@code BeamEditDistance} ({@code lib_ter.py})
 * computes it: insertions, deletions and substitutions cost 1, and only a beam of cells around the "pseudo-diagonal"
 * {@code floor(i * refLen / hypLen)} of each hypothesis row is filled (width {@value #BEAM_WIDTH} on each side, wider
 * when the reference is more than {@code 2 * BEAM_WIDTH} times longer; the last row in full), so the result can
 * exceed the true distance on pathological pairs, exactly as sacreBLEU's does. Ties prefer match/substitution, then
 * deletion, then insertion, which fixes the trace. sacreBLEU caches matrix rows by hypothesis prefix; within one
 * TER computation all hypotheses have the same length, so a row depends only on its prefix and the cache changes
 * nothing but speed. It is left out.
 */
final class BeamEditDistance {
    static final int BEAM_WIDTH = 25;
    /** Trace operations, sacreBLEU's letters: hypothesis word deleted, reference word inserted, substituted, kept. */
    static final char DEL = 'd';
    static final char INS = 'i';
    static final char SUB = 's';
    static final char NOP = ' ';
    private static final char UNDEF = 'x';
    private static final long INFINITY = 10_000_000_000_000_000L; // sacreBLEU's int(1e16)

    /** The distance and the operations turning the hypothesis into the reference, in order. */
    record Result(long distance, String trace) {
    }

    private BeamEditDistance() {
    }

    static Result compute(String[] hyp, String[] ref) {
        int nh = hyp.length;
        int nr = ref.length;
        long[][] cost = new long[nh + 1][nr + 1];
        char[][] op = new char[nh + 1][nr + 1];
        for (int j = 0; j <= nr; j++) {
            cost[0][j] = j;
            op[0][j] = INS;
        }
        for (int i = 1; i <= nh; i++) {
            Arrays.fill(cost[i], INFINITY);
            Arrays.fill(op[i], UNDEF);
        }
        double lengthRatio = nh > 0 ? (double) nr / nh : 1;
        int beamWidth = BEAM_WIDTH < lengthRatio / 2 ? (int) Math.ceil(lengthRatio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
        for (int i = 1; i <= nh; i++) {
            int pseudoDiagonal = (int) Math.floor(i * lengthRatio);
            int minJ = Math.max(0, pseudoDiagonal - beamWidth);
            int maxJ = i == nh ? nr + 1 : Math.min(nr + 1, pseudoDiagonal + beamWidth);
            for (int j = minJ; j < maxJ; j++) {
                if (j == 0) {
                    cost[i][0] = cost[i - 1][0] + 1;
                    op[i][0] = DEL;
                    continue;
                }
                boolean same = hyp[i - 1].equals(ref[j - 1]);
                relax(cost, op, i, j, cost[i - 1][j - 1] + (same ? 0 : 1), same ? NOP : SUB);
                relax(cost, op, i, j, cost[i - 1][j] + 1, DEL);
                relax(cost, op, i, j, cost[i][j - 1] + 1, INS);
            }
        }
        return new Result(cost[nh][nr], trace(op, nh, nr));
    }

    private static void relax(long[][] cost, char[][] op, int i, int j, long candidate, char operation) {
        if (cost[i][j] > candidate) {
            cost[i][j] = candidate;
            op[i][j] = operation;
        }
    }

    private static String trace(char[][] op, int nh, int nr) {
        StringBuilder reversed = new StringBuilder(nh + nr);
        int i = nh;
        int j = nr;
        while (i > 0 || j > 0) {
            char o = op[i][j];
            reversed.append(o);
            switch (o) {
                case SUB, NOP -> {
                    i--;
                    j--;
                }
                case INS -> j--;
                case DEL -> i--;
                default -> throw new IllegalStateException("no edit operation at (" + i + ", " + j
                        + "): the path left the beam");
            }
        }
        return reversed.reverse().toString();
    }
}
