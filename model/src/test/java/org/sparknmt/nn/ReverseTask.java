package org.sparknmt.nn;

import org.sparknmt.batch.EncodedPair;
import org.sparknmt.vocab.Specials;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The toy task that proves the stack learns: reverse a random token sequence (lengths 3–15, 16 symbols). */
final class ReverseTask {
    static final int SYMBOLS = 16;
    static final int VOCAB = Specials.ALL.size() + SYMBOLS;

    private ReverseTask() {
    }

    static List<EncodedPair> pairs(int n, long seed) {
        Random rnd = new Random(seed);
        List<EncodedPair> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = 3 + rnd.nextInt(13);
            int[] src = new int[len];
            int[] tgt = new int[len];
            for (int j = 0; j < len; j++) {
                src[j] = Specials.ALL.size() + rnd.nextInt(SYMBOLS);
            }
            for (int j = 0; j < len; j++) {
                tgt[j] = src[len - 1 - j];
            }
            out.add(new EncodedPair(i, src, tgt));
        }
        return out;
    }
}
