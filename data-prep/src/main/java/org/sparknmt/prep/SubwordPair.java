package org.sparknmt.prep;

import java.io.Serializable;

/** A kept pair with its subword pieces; {@code tooLong} marks pairs over batch.maxSubwords on either side. */
public record SubwordPair(long index, String origin, Split split, String source, String target,
                          String[] sourcePieces, String[] targetPieces, boolean tooLong, String rawSource,
                          String rawTarget) implements Serializable {
}
