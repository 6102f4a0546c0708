package org.sparknmt.prep;

/** Repairs applied to kept text, counted per pair in the manifest (a pair counts once per kind, either side). */
public enum Fix {
    BOM, CONTROL, ZERO_WIDTH, WHITESPACE, NFKC, SPACER, INVALID_UTF8_REPLACED;

    public int bit() {
        return 1 << ordinal();
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
