package org.sparknmt.prep;

/** Why a sentence pair was left out of the prepared data. Every input pair is kept or has exactly one of these. */
public enum DropReason {
    /** A TSV line that is empty or only whitespace. */
    EMPTY_LINE("empty line"),
    /** A TSV line with fewer columns than the configured source/target columns need. */
    TOO_FEW_COLUMNS("TSV line with too few columns"),
    /** Invalid UTF-8 with {@code input.invalidUtf8: drop}. */
    INVALID_UTF8("invalid UTF-8"),
    EMPTY_SOURCE("source side empty after cleaning"),
    EMPTY_TARGET("target side empty after cleaning"),
    TOO_MANY_TOKENS("more word tokens than clean.maxTokens"),
    LENGTH_RATIO("token length ratio above clean.maxLengthRatio"),
    DUPLICATE("exact duplicate of an earlier pair"),
    TOO_MANY_SUBWORDS("more subwords than batch.maxSubwords");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The manifest's key: lower_snake_case. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
