package org.sparknmt.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.UnicodeSet;
import java.io.Serializable;

/**
 * Cleans one raw sentence before tokenization, and reports which kinds of change it made ({@link TextFix}), so that
 * training and serving see text in one canonical form. Rules, applied in this order:
 * <ol>
 *   <li>A U+FEFF at index 0 is removed ({@link TextFix#BOM}).</li>
 *   <li>Invisible format characters (ICU general category Cf: U+200B, U+2060, U+00AD, U+FEFF elsewhere, bidi
 *       controls, U+180E…) are removed ({@link TextFix#ZERO_WIDTH}). Kept: ZWNJ U+200C and ZWJ U+200D, because they
 *       are part of spelling in Persian (می‌خواهم) and Indic scripts (half forms, chillus) and of emoji sequences
 *       (👨‍👩‍👧); the visible Prepended_Concatenation_Marks (Arabic number signs U+0600…); and the tag characters
 *       U+E0020–E007F, which build emoji subdivision flags.</li>
 *   <li>Control characters (Cc) that are not White_Space are removed ({@link TextFix#CONTROL}). Tab, LF, VT, FF, CR and
 *       NEL U+0085 are controls <em>and</em> White_Space: they count as white space, since they separate words.</li>
 *   <li>A literal U+2581, the tokenizer's space marker, becomes '_' ({@link TextFix#SPACER}), so the tokenizer's
 *       round trip holds for every output of this class.</li>
 *   <li>Every White_Space character becomes U+0020, runs collapse to one space and both ends are trimmed
 *       ({@link TextFix#WHITESPACE}, reported only if the text changed: a sentence with single ASCII spaces is clean).</li>
 *   <li>Optionally Unicode NFKC ({@link TextFix#NFKC} when it changed the text); spaces it introduces (U+00A8 → " ̈")
 *       are collapsed and trimmed again.</li>
 * </ol>
 * Removal happens before NFKC so that a removed character cannot stop NFKC from composing its neighbours; the output
 * is therefore a fixed point: normalising it again changes nothing. U+FFFD (from undecodable input) is kept as is.
 * Immutable and thread-safe; pure printable ASCII with single inner spaces is returned without copying.
 */
public final class TextNormalizer implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final char BOM = '\uFEFF';
    private static final char SPACER = Tokenizer.SPACE_MARKER_CHAR;
    private static final char SPACER_REPLACEMENT = '_';

    /** Format characters removed: Cf except the joiners, the visible prepended marks and the emoji tag characters. */
    private static final UnicodeSet REMOVED_FORMAT = new UnicodeSet(
            "[[:Cf:]-[\\u200C\\u200D]-[:Prepended_Concatenation_Mark:]-[\\U000E0020-\\U000E007F]]").freeze();
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();

    private final boolean nfkc;

    /** A normaliser that applies NFKC. */
    public TextNormalizer() {
        this(true);
    }

    /**
     * @param nfkc whether to apply Unicode NFKC. NFKC also rewrites full-width punctuation (，→ ,) and other
     *             compatibility characters, which some users want to keep; the other rules always apply.
     */
    public TextNormalizer(boolean nfkc) {
        this.nfkc = nfkc;
    }

    /** Whether this normaliser applies NFKC. */
    public boolean nfkc() {
        return nfkc;
    }

    @Override
    public String toString() {
        return "TextNormalizer[nfkc=" + nfkc + "]";
    }

    /** Cleans {@code raw}; the result may be empty. */
    public NormalizedText normalize(String raw) {
        if (isCleanAscii(raw)) {
            return new NormalizedText(raw, 0);
        }
        StringBuilder out = new StringBuilder(raw.length());
        int fixes = clean(raw, out);
        String text = fixes == 0 ? raw : out.toString();
        if (nfkc) {
            String composed = applyNfkc(text);
            if (composed != null) {
                fixes |= TextFix.NFKC.mask();
                text = collapseSpaces(composed);
            }
        }
        return new NormalizedText(text, fixes);
    }

    /** True when every char is printable ASCII and spaces are single and inner: nothing to do, NFKC included. */
    private static boolean isCleanAscii(String s) {
        int n = s.length();
        if (n == 0) {
            return true;
        }
        if (s.charAt(0) == ' ' || s.charAt(n - 1) == ' ') {
            return false;
        }
        char previous = 'x';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < ' ' || c > '~' || (c == ' ' && previous == ' ')) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /** Applies every rule but NFKC to {@code raw}, appending to {@code out}; returns the fix mask (0: unchanged). */
    private static int clean(String raw, StringBuilder out) {
        int fixes = 0;
        int n = raw.length();
        int i = 0;
        if (n > 0 && raw.charAt(0) == BOM) {
            fixes |= TextFix.BOM.mask();
            i = 1;
        }
        boolean pendingSpace = false;
        while (i < n) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (cp > ' ' && cp < 0x7F) {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append((char) cp);
            } else if (cp == ' ' || UCharacter.isUWhiteSpace(cp)) {
                if (cp != ' ' || pendingSpace || out.length() == 0) {
                    fixes |= TextFix.WHITESPACE.mask(); // replaced, collapsed, or leading
                }
                pendingSpace = out.length() > 0;
            } else if (cp < 0xA0 && UCharacter.getType(cp) == UCharacter.CONTROL) {
                fixes |= TextFix.CONTROL.mask();
            } else if (REMOVED_FORMAT.contains(cp)) {
                fixes |= TextFix.ZERO_WIDTH.mask();
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                if (cp == SPACER) {
                    fixes |= TextFix.SPACER.mask();
                    out.append(SPACER_REPLACEMENT);
                } else {
                    out.appendCodePoint(cp);
                }
            }
        }
        if (pendingSpace) {
            fixes |= TextFix.WHITESPACE.mask(); // trailing
        }
        return fixes;
    }

    /** NFKC of {@code text}, or null if it is already in NFKC. */
    private static String applyNfkc(String text) {
        int normalPrefix = NFKC.spanQuickCheckYes(text);
        if (normalPrefix == text.length()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(text.length() + 8).append(text, 0, normalPrefix);
        NFKC.normalizeSecondAndAppend(sb, text.subSequence(normalPrefix, text.length()));
        String composed = sb.toString();
        return composed.equals(text) ? null : composed;
    }

    /**
     * Collapses runs of U+0020 and trims them at both ends. NFKC output is the only input here and it contains no
     * other White_Space (every White_Space character with a compatibility decomposition decomposes to U+0020).
     */
    private static String collapseSpaces(String s) {
        int n = s.length();
        boolean clean = n == 0 || (s.charAt(0) != ' ' && s.charAt(n - 1) != ' ' && !s.contains("  "));
        if (clean) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n);
        boolean pendingSpace = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                pendingSpace = sb.length() > 0;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
