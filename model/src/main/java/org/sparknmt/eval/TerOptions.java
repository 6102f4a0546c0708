package org.sparknmt.eval;

import java.io.Serializable;

/**
 * How TER is computed; the options and defaults of sacreBLEU 2.x's {@code TER} (which replicate Tercom's).
 *
 * @param caseSensitive keep case ({@code --ter-case-sensitive}, signature {@code case:mixed}); by default both sides
 *                      are lower-cased ({@code case:lc})
 * @param normalized    Tercom's normalization ({@code --ter-normalized}, {@code norm:yes}): XML entities, ASCII
 *                      punctuation split off, and more, see {@link TercomTokenizer}; by default text is only split on
 *                      whitespace
 * @param noPunct       remove {@code . , ? : ; ! " ( )} ({@code --ter-no-punct}, {@code punct:no})
 * @param asianSupport  with {@code normalized}, split CJK characters; with {@code noPunct}, also remove CJK and
 *                      full-width punctuation ({@code --ter-asian-support}, {@code asian:yes})
 */
public record TerOptions(boolean caseSensitive, boolean normalized, boolean noPunct, boolean asianSupport)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** sacreBLEU's defaults: case-insensitive, no normalization, punctuation kept, no Asian support. */
    public static final TerOptions DEFAULT = new TerOptions(false, false, false, false);

    /** The signature of scores computed with these options. */
    public String signature() {
        return Signatures.ter(this);
    }

    /** A segment as TER reads it: right-stripped, then tokenized (and lower-cased) by Tercom's rules. */
    String preprocess(String segment) {
        return TercomTokenizer.tokenize(PyStr.rstrip(segment), this);
    }
}
