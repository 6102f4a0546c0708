package org.sparknmt.decode;

import org.sparknmt.vocab.Specials;

/**
 * A hypothesis' emitted ids as a back-pointer list, so that extending by one id is O(1) and beams share prefixes.
 * {@link #ROOT} is the empty history (BOS). Immutable.
 */
final class Trace {
    static final Trace ROOT = new Trace(Specials.BOS_ID, null, 0);

    private final int token;
    private final Trace parent;
    private final int length;

    private Trace(int token, Trace parent, int length) {
        this.token = token;
        this.parent = parent;
        this.length = length;
    }

    /** This history followed by {@code id}. */
    Trace extend(int id) {
        return new Trace(id, this, length + 1);
    }

    /** The last id fed to the scorer for this history: the last emitted id, or BOS for the root. */
    int lastToken() {
        return token;
    }

    /** Number of emitted ids (BOS not counted). */
    int length() {
        return length;
    }

    /** The emitted ids in order, shape {@code [length]}. */
    int[] tokens() {
        int[] ids = new int[length];
        Trace t = this;
        for (int i = length - 1; i >= 0; i--) {
            ids[i] = t.token;
            t = t.parent;
        }
        return ids;
    }
}
