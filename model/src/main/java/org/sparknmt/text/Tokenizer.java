package org.sparknmt.text;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Splits normalised text into tokens and joins tokens back into text, SentencePiece-style: a token that followed a
 * space, and the first token, start with {@link #SPACE_MARKER} "▁"; a token attached to the previous one has no
 * marker. "Hello, world!" becomes [▁Hello, ",", ▁world, "!"] and "我爱你。" becomes [▁我爱你, 。]. Because the spacing
 * is in the tokens, {@code detokenize(tokenize(t)).equals(t)} for every text {@link TextNormalizer} can output, in any
 * mix of scripts.
 * <p>
 * Segments come from ICU's word {@link BreakIterator} for {@link ULocale#ROOT} (Unicode UAX #29 plus ICU's
 * dictionaries for Han, kana, Thai, Lao, Khmer and Burmese); each segment is one token, spaces dropped. So, as ICU
 * says: letters joined by an apostrophe or a period stay one word ("don't", "O'Neil's", "www.example.com", "U.S" and a
 * separate final "." in "U.S."); numbers with inner separators stay one ("3.14", "1,000", "v1.2.3"); every punctuation
 * and symbol character is its own token ("..." → ".", ".", "."; "?!" → "?", "!"; "C++" → "C", "+", "+"), while an emoji
 * sequence or flag stays whole; "_" joins ("foo_bar"). Hangul, Cyrillic, Greek, Arabic, Devanagari and Thai follow
 * the same boundaries. Han and kana follow {@link CjkMode}.
 * <p>
 * Thread-safe: each thread uses its own BreakIterator, created once per thread; a deserialised instance is replaced
 * by a fresh one (see {@code readResolve}), so it works on Spark executors.
 */
public final class Tokenizer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** U+2581 LOWER ONE EIGHTH BLOCK, the marker of a token that followed a space (or starts the text). */
    public static final char SPACE_MARKER_CHAR = '\u2581';
    /** {@link #SPACE_MARKER_CHAR} as a string. */
    public static final String SPACE_MARKER = String.valueOf(SPACE_MARKER_CHAR);

    private final CjkMode cjkMode;
    private final transient ThreadLocal<BreakIterator> wordIterators;

    /** A tokenizer with ICU's dictionary segmentation for Han and kana ({@link CjkMode#WORD}). */
    public Tokenizer() {
        this(CjkMode.WORD);
    }

    public Tokenizer(CjkMode cjkMode) {
        this.cjkMode = Objects.requireNonNull(cjkMode, "cjkMode");
        this.wordIterators = ThreadLocal.withInitial(() -> BreakIterator.getWordInstance(ULocale.ROOT));
    }

    public CjkMode cjkMode() {
        return cjkMode;
    }

    /**
     * Tokens of {@code text}, an output of {@link TextNormalizer}; empty text gives an empty list.
     * Tokens are never empty, contain no space, and carry {@link #SPACE_MARKER} only as their first character.
     *
     * @throws IllegalArgumentException if the text contains {@link #SPACE_MARKER} (TextNormalizer replaces it)
     */
    public List<String> tokenize(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        BreakIterator words = wordIterators.get();
        words.setText(text);
        List<String> tokens = new ArrayList<>(text.length() / 4 + 2);
        boolean spaced = true; // the first token carries the marker
        int start = words.first();
        for (int end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
            boolean perCharacter = cjkMode == CjkMode.CHAR && isHanOrKana(words.getRuleStatus());
            int runStart = start;
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c == ' ') {
                    if (i > runStart) {
                        addRun(text, runStart, i, spaced, perCharacter, tokens);
                    }
                    spaced = true;
                    runStart = i + 1;
                } else if (c == SPACE_MARKER_CHAR) {
                    throw new IllegalArgumentException("text contains the space marker U+2581 at index " + i
                            + "; normalise it with TextNormalizer first");
                }
            }
            if (end > runStart) {
                addRun(text, runStart, end, spaced, perCharacter, tokens);
                spaced = false;
            }
        }
        return Collections.unmodifiableList(tokens);
    }

    /**
     * Joins tokens into text: concatenates them, turns each {@link #SPACE_MARKER} (and any literal space) into a
     * space, collapses runs of spaces and trims both ends; an empty list gives "". Collapsing never alters the output
     * of {@link #tokenize}, and keeps model output such as [▁, ▁a] from producing double spaces.
     */
    public String detokenize(List<String> tokens) {
        StringBuilder sb = new StringBuilder(tokens.size() * 8);
        boolean pendingSpace = false;
        for (String token : tokens) {
            for (int i = 0, n = token.length(); i < n; i++) {
                char c = token.charAt(i);
                if (c == SPACE_MARKER_CHAR || c == ' ') {
                    pendingSpace = sb.length() > 0;
                } else {
                    if (pendingSpace) {
                        sb.append(' ');
                        pendingSpace = false;
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    private static boolean isHanOrKana(int ruleStatus) {
        return ruleStatus >= BreakIterator.WORD_KANA && ruleStatus < BreakIterator.WORD_IDEO_LIMIT;
    }

    /** Adds text[start, end), which holds no space, as one token or, per character, as several. */
    private static void addRun(String text, int start, int end, boolean spaced, boolean perCharacter,
                               List<String> tokens) {
        if (!perCharacter) {
            tokens.add(spaced ? SPACE_MARKER + text.substring(start, end) : text.substring(start, end));
            return;
        }
        boolean marker = spaced;
        int i = start;
        while (i < end) {
            int next = i + Character.charCount(text.codePointAt(i));
            while (next < end && extendsCluster(text.codePointAt(next))) {
                next += Character.charCount(text.codePointAt(next));
            }
            String cluster = text.substring(i, next);
            tokens.add(marker ? SPACE_MARKER + cluster : cluster);
            marker = false;
            i = next;
        }
    }

    /** Whether a code point stays with the preceding one in a grapheme cluster (UAX #29 rules GB9, GB9a). */
    private static boolean extendsCluster(int cp) {
        int gcb = UCharacter.getIntPropertyValue(cp, UProperty.GRAPHEME_CLUSTER_BREAK);
        return gcb == UCharacter.GraphemeClusterBreak.EXTEND
                || gcb == UCharacter.GraphemeClusterBreak.ZWJ
                || gcb == UCharacter.GraphemeClusterBreak.SPACING_MARK;
    }

    @Override
    public String toString() {
        return "Tokenizer[cjkMode=" + cjkMode + "]";
    }

    /** Deserialised instances get a fresh per-thread iterator holder (the field is transient). */
    private Object readResolve() {
        return new Tokenizer(cjkMode);
    }
}
