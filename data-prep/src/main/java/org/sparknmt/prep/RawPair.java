package org.sparknmt.prep;

import java.io.Serializable;

/**
 * A sentence pair as read, before cleaning.
 *
 * @param index       position in the corpus (0-based), the pair's identity for ordering and "first of duplicates"
 * @param origin      "file:line" of the source side, for reports
 * @param source      source text as decoded ("" when {@code malformed} is set)
 * @param target      target text as decoded
 * @param invalidUtf8 either side had invalid UTF-8 (replaced by U+FFFD)
 * @param malformed   a reason found while reading (empty TSV line, too few columns), or null
 */
public record RawPair(long index, String origin, String source, String target, boolean invalidUtf8,
                      DropReason malformed) implements Serializable {
}
