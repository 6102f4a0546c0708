package org.sparknmt.subword;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The text format of subword-nmt's merges ("codes") file: an optional header {@code #version: 0.2}, then one merge
 * per line as two symbols separated by one space, in rank order. Kept apart from {@link BpeModel} so the model only
 * segments.
 */
final class MergesFile {
    static final String HEADER_PREFIX = "#version:";
    private static final String EXPECTED_LINE =
            "expected 'left right': two non-empty symbols without white space, separated by one space";

    private MergesFile() {
    }

    static void write(BpeModel model, Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (model.version() != BpeModel.Version.V0_1) {
            out.write(HEADER_PREFIX + " " + model.version().number() + "\n");
        }
        for (Merge m : model.merges()) {
            out.write(m.left() + " " + m.right() + "\n");
        }
        out.flush();
    }

    /** See {@link BpeModel#read}. */
    static BpeModel read(BufferedReader in, String sourceName) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        BpeModel.Version version = BpeModel.Version.V0_1;
        List<Merge> merges = new ArrayList<>();
        int firstBlank = 0;
        String firstBlankText = null;
        int lineNumber = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith(HEADER_PREFIX)) {
                version = parseVersion(line, sourceName);
                continue;
            }
            String text = strip(line);
            if (text.isEmpty()) {
                if (firstBlank == 0) {
                    firstBlank = lineNumber;
                    firstBlankText = line;
                }
                continue;
            }
            if (firstBlank != 0) {
                throw malformed(sourceName, firstBlank, firstBlankText, " (blank lines may only end the file)");
            }
            merges.add(parseMerge(text, line, lineNumber, sourceName));
        }
        return new BpeModel(merges, version, BpeModel.DEFAULT_CACHE_SIZE);
    }

    private static BpeModel.Version parseVersion(String line, String sourceName) {
        String number = line.substring(HEADER_PREFIX.length()).trim();
        String normalized = number.replaceFirst("(\\.0+)*$", "");
        for (BpeModel.Version v : BpeModel.Version.values()) {
            if (v.number().equals(normalized)) {
                return v;
            }
        }
        String why = number.endsWith("byte") ? "byte-level BPE is not supported" : "unsupported version";
        throw new IllegalArgumentException(sourceName + ", line 1: " + why + " in header \"" + line
                + "\"; expected '#version: 0.2' (or no header for a version 0.1 file)");
    }

    private static Merge parseMerge(String text, String line, int lineNumber, String sourceName) {
        int space = text.indexOf(' ');
        if (space < 0 || text.indexOf(' ', space + 1) >= 0) {
            throw malformed(sourceName, lineNumber, line, "");
        }
        String left = text.substring(0, space);
        String right = text.substring(space + 1);
        if (left.isEmpty() || right.isEmpty() || CodePoints.hasWhitespace(left) || CodePoints.hasWhitespace(right)) {
            throw malformed(sourceName, lineNumber, line, "");
        }
        return new Merge(left, right);
    }

    /** Drops spaces and '\r' at both ends, as {@code apply_bpe.py}'s {@code strip('\r\n ')} does. */
    private static String strip(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && isStripped(line.charAt(start))) {
            start++;
        }
        while (end > start && isStripped(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(start, end);
    }

    private static boolean isStripped(char c) {
        return c == ' ' || c == '\r' || c == '\n';
    }

    private static IllegalArgumentException malformed(String sourceName, int lineNumber, String line, String note) {
        return new IllegalArgumentException(sourceName + ", line " + lineNumber + ": malformed merge \""
                + line + "\"" + note + "; " + EXPECTED_LINE + ", e.g. \"e s\"");
    }
}
