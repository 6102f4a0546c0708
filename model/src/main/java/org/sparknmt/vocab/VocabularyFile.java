package org.sparknmt.vocab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plain-text vocabulary format: line i (1-based) holds the token with id i-1 as {@code token<TAB>count}. Kept
 * apart from {@link Vocabulary} so that class only maps tokens and ids.
 */
final class VocabularyFile {
    private static final String REGENERATE = "regenerate the file with Vocabulary.write";

    private VocabularyFile() {
    }

    static void write(Vocabulary vocabulary, Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        StringBuilder line = new StringBuilder();
        for (int id = 0; id < vocabulary.size(); id++) {
            line.setLength(0);
            line.append(vocabulary.token(id)).append('\t').append(vocabulary.count(id)).append('\n');
            out.append(line);
        }
        out.flush();
    }

    /** See {@link Vocabulary#read}. */
    static Vocabulary read(BufferedReader in, String sourceName) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        List<String> tokens = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        String line;
        int lineNumber = 0;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            int tab = line.indexOf('\t');
            String token = tab < 0 ? line : line.substring(0, tab);
            long count = tab < 0 ? -1 : parseCount(line.substring(tab + 1));
            if (count < 0 || token.isEmpty() || token.codePoints().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(where(sourceName, lineNumber) + "malformed line \"" + line
                        + "\"; expected 'token<TAB>count': a token without white space, one tab, and a count of "
                        + "decimal digits (fix the line, or " + REGENERATE + ")");
            }
            int id = lineNumber - 1;
            if (id < Specials.ALL.size() && !token.equals(Specials.ALL.get(id))) {
                throw new IllegalArgumentException(where(sourceName, lineNumber) + "expected the special token \""
                        + Specials.ALL.get(id) + "\" (id " + id + "), found \"" + token + "\"; the first "
                        + Specials.ALL.size() + " lines must be " + Specials.ALL + " in this order (" + REGENERATE + ")");
            }
            Integer seen = firstLine.putIfAbsent(token, lineNumber);
            if (seen != null) {
                throw new IllegalArgumentException(where(sourceName, lineNumber) + "duplicate token \"" + token
                        + "\", already on line " + seen + "; every token may appear once (remove one of the lines, or "
                        + REGENERATE + ")");
            }
            tokens.add(token);
            counts.add(count);
        }
        if (tokens.size() < Specials.ALL.size()) {
            throw new IllegalArgumentException(sourceName + ": has " + tokens.size() + " lines, but the first "
                    + Specials.ALL.size() + " lines must be the special tokens " + Specials.ALL + " (" + REGENERATE + ")");
        }
        long[] countArray = new long[counts.size()];
        for (int i = 0; i < countArray.length; i++) {
            countArray[i] = counts.get(i);
        }
        return new Vocabulary(tokens, countArray);
    }

    /** The value of a count written as ASCII decimal digits only (no sign, no space) that fits a long; else -1. */
    private static long parseCount(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }

    private static String where(String sourceName, int lineNumber) {
        return sourceName + ", line " + lineNumber + ": ";
    }
}
