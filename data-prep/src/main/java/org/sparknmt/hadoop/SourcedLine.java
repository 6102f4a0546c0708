package org.sparknmt.hadoop;

import java.io.Serializable;

/**
 * One decoded input line with where it came from.
 *
 * @param index       0-based position among all lines of the input (all files, in path order)
 * @param file        the file it was read from
 * @param line        1-based line number inside that file
 * @param text        the decoded text (line terminator removed)
 * @param invalidUtf8 the bytes were not valid UTF-8; {@code text} then has U+FFFD in their place
 */
public record SourcedLine(long index, String file, long line, String text, boolean invalidUtf8) implements Serializable {
}
