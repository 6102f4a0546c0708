package org.sparknmt.text;

/**
 * A kind of change {@link TextNormalizer} can apply to a sentence. The prep job counts each kind in its manifest, so
 * every constant names one rule and is reported only when that rule actually changed the text.
 */
public enum TextFix {
    /** A U+FEFF byte-order mark at the very start was removed. */
    BOM,
    /** C0/C1 control characters that are not white space (NUL, ESC, DEL, U+0080…) were removed. */
    CONTROL,
    /** Invisible format characters (general category Cf: U+200B, U+2060, U+00AD, bidi controls, inner U+FEFF…) were removed. */
    ZERO_WIDTH,
    /** White space was rewritten: a non-ASCII or control space replaced by U+0020, a run collapsed, or an end trimmed. */
    WHITESPACE,
    /** Unicode NFKC changed the text (full-width forms, ligatures, compatibility characters…). */
    NFKC,
    /** A literal U+2581 (the tokenizer's space marker, {@link Tokenizer#SPACE_MARKER}) was replaced by '_'. */
    SPACER;

    /** This fix's bit in {@link NormalizedText#fixMask()}. */
    public int mask() {
        return 1 << ordinal();
    }
}
