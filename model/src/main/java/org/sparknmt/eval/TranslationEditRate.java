package org.sparknmt.eval;

/**
 * The edits TER counts for one segment, as sacreBLEU's {@code translation_edit_rate} ({@code lib_ter.py}, after
 * Tercom) finds them: greedily apply the block shift that lowers the {@link BeamEditDistance} most, until none lowers
 * it, then add the remaining distance; each shift costs one edit. A shift moves 1..{@value #MAX_SHIFT_SIZE}
 * hypothesis words that match reference words at most {@value #MAX_SHIFT_DISTANCE} positions away, only if those
 * words are misaligned on both sides, to a position next to where the reference has them. Among candidates the
 * order is Tercom's: largest gain, then longest block, then earliest block, then earliest target. After
 * {@value #MAX_SHIFT_CANDIDATES} candidates evaluated in total the search stops, and the best shift of that last
 * round is not applied (sacreBLEU's behaviour, kept).
 */
final class TranslationEditRate {
    static final int MAX_SHIFT_SIZE = 10;
    static final int MAX_SHIFT_DISTANCE = 50;
    static final int MAX_SHIFT_CANDIDATES = 1000;

    private TranslationEditRate() {
    }

    /** The number of edits (shifts plus edit distance) turning {@code hyp} into {@code ref}. */
    static long edits(String[] hyp, String[] ref) {
        if (ref.length == 0) {
            return hyp.length;
        }
        long shifts = 0;
        String[] words = hyp;
        int[] checked = {0};
        while (true) {
            Shift best = bestShift(words, ref, checked);
            if (checked[0] >= MAX_SHIFT_CANDIDATES || best == null || best.gain <= 0) {
                break;
            }
            shifts++;
            words = best.words;
        }
        return shifts + BeamEditDistance.compute(words, ref).distance();
    }

    /** A candidate, ordered as sacreBLEU's tuple (gain, length, -start, -target). */
    private record Shift(long gain, int length, int start, int target, String[] words) {
        boolean betterThan(Shift other) {
            if (gain != other.gain) {
                return gain > other.gain;
            }
            if (length != other.length) {
                return length > other.length;
            }
            if (start != other.start) {
                return start < other.start;
            }
            return target < other.target; // equal on all four: the same words, and the first one stays
        }
    }

    /** sacreBLEU's {@code _shift}: the best candidate shift (null if none), counting candidates in {@code checked}. */
    private static Shift bestShift(String[] hyp, String[] ref, int[] checked) {
        BeamEditDistance.Result before = BeamEditDistance.compute(hyp, ref);
        Alignment a = Alignment.of(before.trace(), hyp.length, ref.length);
        Shift best = null;
        for (int startH = 0; startH < hyp.length; startH++) {
            for (int startR = 0; startR < ref.length; startR++) {
                if (Math.abs(startR - startH) > MAX_SHIFT_DISTANCE) {
                    continue;
                }
                // each length of the common run starting here, as _find_shifted_pairs yields them
                for (int length = 1; length <= MAX_SHIFT_SIZE && startH + length <= hyp.length
                        && startR + length <= ref.length && hyp[startH + length - 1].equals(ref[startR + length - 1]);
                        length++) {
                    if (a.hypErrors(startH, length) == 0 || a.refErrors(startR, length) == 0) {
                        continue;
                    }
                    int aligned = a.hypIndexOf(startR);
                    if (startH <= aligned && aligned < startH + length) {
                        continue; // don't shift within the block itself
                    }
                    int previousTarget = -1;
                    for (int offset = -1; offset < length; offset++) {
                        int target;
                        if (startR + offset == -1) {
                            target = 0;
                        } else if (startR + offset < ref.length) {
                            target = a.hypIndexOf(startR + offset) + 1; // before the word, unlike Tercom's after
                        } else {
                            break;
                        }
                        if (target == previousTarget) {
                            continue;
                        }
                        previousTarget = target;
                        String[] shifted = perform(hyp, startH, length, target);
                        long gain = before.distance() - BeamEditDistance.compute(shifted, ref).distance();
                        Shift candidate = new Shift(gain, length, startH, target, shifted);
                        checked[0]++;
                        if (best == null || candidate.betterThan(best)) {
                            best = candidate;
                        }
                    }
                    if (checked[0] >= MAX_SHIFT_CANDIDATES) {
                        return best;
                    }
                }
            }
        }
        return best;
    }

    /** sacreBLEU's {@code _perform_shift}: {@code words[start, start + length)} moved before index {@code target}. */
    static String[] perform(String[] words, int start, int length, int target) {
        String[] out = new String[words.length];
        int n = 0;
        if (target < start) {
            n = copy(words, 0, target, out, n);
            n = copy(words, start, start + length, out, n);
            n = copy(words, target, start, out, n);
            copy(words, start + length, words.length, out, n);
        } else if (target > start + length) {
            n = copy(words, 0, start, out, n);
            n = copy(words, start + length, target, out, n);
            n = copy(words, start, start + length, out, n);
            copy(words, target, words.length, out, n);
        } else {
            n = copy(words, 0, start, out, n);
            n = copy(words, start + length, length + target, out, n);
            n = copy(words, start, start + length, out, n);
            copy(words, length + target, words.length, out, n);
        }
        return out;
    }

    /** Appends Python's slice {@code words[from:to]} (bounds clamped) at {@code out[n]}; returns the new end. */
    private static int copy(String[] words, int from, int to, String[] out, int n) {
        int end = Math.min(to, words.length);
        for (int i = from; i < end; i++) {
            out[n++] = words[i];
        }
        return n;
    }
}
