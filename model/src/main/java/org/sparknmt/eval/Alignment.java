package org.sparknmt.eval;

/**
 * sacreBLEU's {@code trace_to_alignment} for TER's shift search: from the edit operations that turn a hypothesis
 * into the reference ({@link BeamEditDistance}), which hypothesis position each reference word is aligned to and
 * which words on each side are errors. sacreBLEU first flips the trace (insertions become deletions and back) to read
 * it as rewriting the reference into the hypothesis; this class reads the unflipped trace with the roles swapped,
 * which is the same walk.
 */
final class Alignment {
    /** For each reference position, the hypothesis position it is aligned to (-1: before the first word). */
    private final int[] hypIndex;
    private final int[] refError;
    private final int[] hypError;

    private Alignment(int[] hypIndex, int[] refError, int[] hypError) {
        this.hypIndex = hypIndex;
        this.refError = refError;
        this.hypError = hypError;
    }

    static Alignment of(String trace, int hypLength, int refLength) {
        int[] hypIndex = new int[refLength];
        int[] refError = new int[refLength];
        int[] hypError = new int[hypLength];
        int h = -1;
        int r = -1;
        for (int k = 0; k < trace.length(); k++) {
            char op = trace.charAt(k);
            switch (op) {
                case BeamEditDistance.NOP, BeamEditDistance.SUB -> {
                    int error = op == BeamEditDistance.SUB ? 1 : 0;
                    hypIndex[++r] = ++h;
                    hypError[h] = error;
                    refError[r] = error;
                }
                case BeamEditDistance.DEL -> hypError[++h] = 1; // a hypothesis word the reference lacks
                case BeamEditDistance.INS -> { // a reference word the hypothesis lacks
                    hypIndex[++r] = h;
                    refError[r] = 1;
                }
                default -> throw new IllegalArgumentException("unknown edit operation '" + op + "' in " + trace);
            }
        }
        return new Alignment(hypIndex, refError, hypError);
    }

    /** The hypothesis position aligned to reference position {@code ref}. */
    int hypIndexOf(int ref) {
        return hypIndex[ref];
    }

    /** Erroneous hypothesis words among {@code [start, start + length)}. */
    int hypErrors(int start, int length) {
        return sum(hypError, start, length);
    }

    /** Erroneous reference words among {@code [start, start + length)}. */
    int refErrors(int start, int length) {
        return sum(refError, start, length);
    }

    private static int sum(int[] a, int start, int length) {
        int s = 0;
        for (int i = start; i < Math.min(a.length, start + length); i++) {
            s += a[i];
        }
        return s;
    }
}
