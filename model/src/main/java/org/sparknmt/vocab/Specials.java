package org.sparknmt.vocab;

import java.util.List;

/**
 * The special tokens every vocabulary starts with, at fixed ids. Training, batching and decoding rely on these ids,
 * so they never move.
 */
public final class Specials {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";

    public static final int PAD_ID = 0;
    public static final int UNK_ID = 1;
    public static final int BOS_ID = 2;
    public static final int EOS_ID = 3;

    /** In id order: the token at index i has id i. */
    public static final List<String> ALL = List.of(PAD, UNK, BOS, EOS);

    private Specials() {
    }
}
