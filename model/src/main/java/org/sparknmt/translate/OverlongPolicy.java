package org.sparknmt.translate;

import java.util.Locale;

/** What translation does with a source that has more subwords than the model's limit ({@link SourceLimit}). */
public enum OverlongPolicy {
    /** Translate the first {@code limit} subwords; the output covers only that part of the sentence. */
    TRUNCATE,
    /** Leave the output line empty. */
    SKIP,
    /** Stop with an error naming the line. */
    FAIL;

    /** The policy named {@code name} (case-insensitive), or an error listing the allowed names. */
    public static OverlongPolicy fromName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown overlong policy '" + name + "'; allowed: truncate, skip, fail", e);
        }
    }

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
