package org.sparknmt.decode;

import org.sparknmt.vocab.Specials;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A vocabulary shortlist (as in Marian's lexical shortlists): the target tokens a batch of sources may produce, so
 * that decoding scores a few thousand candidates a step instead of the whole target vocabulary. A batch's candidates
 * are the union of the targets listed for each of its source tokens, the tokens every batch gets (the most frequent
 * targets, EOS and UNK), nothing else. Immutable.
 *
 * <p>File format (UTF-8 text, one bundle entry), ids are vocabulary ids:
 * <pre>
 * spark-nmt-shortlist 1 source=&lt;source vocab size&gt; target=&lt;target vocab size&gt;
 * always &lt;target id&gt; ...
 * &lt;source id&gt; &lt;target id&gt; ...        (one line per source id that lists any, ascending)
 * </pre>
 */
public final class Shortlist {
    private static final String MAGIC = "spark-nmt-shortlist 1";

    private final int sourceVocabSize;
    private final int targetVocabSize;
    private final int[] always;
    private final int[][] bySource;

    /**
     * @param always   target ids every batch gets (EOS and UNK are added)
     * @param bySource for each source id, the target ids its sentences may produce (null or empty: none)
     * @throws IllegalArgumentException when an id is outside its vocabulary
     */
    public Shortlist(int sourceVocabSize, int targetVocabSize, int[] always, int[][] bySource) {
        if (sourceVocabSize < 1 || targetVocabSize <= Specials.EOS_ID) {
            throw new IllegalArgumentException("vocabulary sizes must be >= 1 (source) and > " + Specials.EOS_ID
                    + " (target), got " + sourceVocabSize + ", " + targetVocabSize);
        }
        if (bySource.length != sourceVocabSize) {
            throw new IllegalArgumentException("one target list per source id expected (" + sourceVocabSize + "), got "
                    + bySource.length);
        }
        this.sourceVocabSize = sourceVocabSize;
        this.targetVocabSize = targetVocabSize;
        int[] withSpecials = Arrays.copyOf(always, always.length + 2);
        withSpecials[always.length] = Specials.EOS_ID;
        withSpecials[always.length + 1] = Specials.UNK_ID;
        this.always = sortedTargets(withSpecials, "always");
        this.bySource = new int[sourceVocabSize][];
        for (int s = 0; s < sourceVocabSize; s++) {
            this.bySource[s] = sortedTargets(bySource[s] == null ? new int[0] : bySource[s], "source id " + s);
        }
    }

    public int sourceVocabSize() {
        return sourceVocabSize;
    }

    public int targetVocabSize() {
        return targetVocabSize;
    }

    /** How many target ids every batch gets, EOS and UNK included. */
    public int alwaysCount() {
        return always.length;
    }

    /** The most target ids listed for any one source id. */
    public int maxPerSource() {
        int max = 0;
        for (int[] t : bySource) {
            max = Math.max(max, t.length);
        }
        return max;
    }

    /**
     * The candidate target ids of a batch of sources: ascending, without repeats, EOS and UNK always among them.
     *
     * @param sources source id sequences (ids outside the source vocabulary are refused)
     */
    public int[] candidates(Iterable<int[]> sources) {
        boolean[] chosen = new boolean[targetVocabSize];
        int count = mark(always, chosen, 0);
        for (int[] sentence : sources) {
            for (int s : sentence) {
                if (s < 0 || s >= sourceVocabSize) {
                    throw new IllegalArgumentException("source id " + s + " is outside the shortlist's source vocabulary ("
                            + sourceVocabSize + ")");
                }
                count = mark(bySource[s], chosen, count);
            }
        }
        int[] out = new int[count];
        for (int t = 0, i = 0; t < chosen.length; t++) {
            if (chosen[t]) {
                out[i++] = t;
            }
        }
        return out;
    }

    /** Writes the format in the class comment; flushes {@code out}, does not close it. */
    public void write(Writer out) throws IOException {
        out.write(MAGIC + " source=" + sourceVocabSize + " target=" + targetVocabSize + "\n");
        out.write("always");
        for (int t : always) {
            out.write(" " + t);
        }
        out.write("\n");
        StringBuilder line = new StringBuilder();
        for (int s = 0; s < sourceVocabSize; s++) {
            if (bySource[s].length == 0) {
                continue;
            }
            line.setLength(0);
            line.append(s);
            for (int t : bySource[s]) {
                line.append(' ').append(t);
            }
            out.write(line.append('\n').toString());
        }
        out.flush();
    }

    /**
     * Reads the format {@link #write} produces.
     *
     * @param name names the file in error messages
     * @throws IllegalArgumentException naming the file, the line and what is wrong
     */
    public static Shortlist read(BufferedReader in, String name) throws IOException {
        String header = in.readLine();
        String[] h = header == null ? new String[0] : header.split(" ");
        if (h.length != 4 || !(h[0] + " " + h[1]).equals(MAGIC) || !h[2].startsWith("source=")
                || !h[3].startsWith("target=")) {
            throw new IllegalArgumentException(name + " line 1: expected \"" + MAGIC + " source=<n> target=<n>\", got \""
                    + header + "\"; write the shortlist again with `spark-nmt shortlist`");
        }
        int sources = number(h[2].substring("source=".length()), name, 1);
        int targets = number(h[3].substring("target=".length()), name, 1);
        String alwaysLine = in.readLine();
        if (alwaysLine == null || !(alwaysLine.equals("always") || alwaysLine.startsWith("always "))) {
            throw new IllegalArgumentException(name + " line 2: expected \"always <target id> ...\", got \"" + alwaysLine
                    + "\"");
        }
        int[] always = ids(alwaysLine.substring("always".length()), name, 2, 0);
        int[][] bySource = new int[sources][];
        int lineNo = 2;
        int previous = -1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            int[] row = ids(line, name, lineNo, 0);
            if (row.length < 2 || row[0] <= previous || row[0] >= sources) {
                throw new IllegalArgumentException(name + " line " + lineNo + ": expected \"<source id> <target id> ...\" "
                        + "with source ids ascending and below " + sources + ", got \"" + line + "\"");
            }
            previous = row[0];
            bySource[row[0]] = Arrays.copyOfRange(row, 1, row.length);
        }
        try {
            return new Shortlist(sources, targets, always, bySource);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private int[] sortedTargets(int[] ids, String what) {
        int[] sorted = Arrays.stream(ids).sorted().distinct().toArray();
        if (sorted.length > 0 && (sorted[0] < 0 || sorted[sorted.length - 1] >= targetVocabSize)) {
            throw new IllegalArgumentException("target ids of " + what + " must be in [0, " + targetVocabSize + "), got "
                    + Arrays.toString(sorted));
        }
        return sorted;
    }

    private static int mark(int[] ids, boolean[] chosen, int count) {
        for (int t : ids) {
            if (!chosen[t]) {
                chosen[t] = true;
                count++;
            }
        }
        return count;
    }

    private static int[] ids(String text, String name, int line, int min) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] parts = trimmed.split(" ");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = number(parts[i], name + " line " + line, min);
        }
        return out;
    }

    private static int number(String text, String where, int min) {
        try {
            int n = Integer.parseInt(text);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(where + ": \"" + text + "\" is not a whole number >= " + min);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shortlist s && s.sourceVocabSize == sourceVocabSize && s.targetVocabSize == targetVocabSize
                && Arrays.equals(s.always, always) && Arrays.deepEquals(s.bySource, bySource);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceVocabSize, targetVocabSize, Arrays.hashCode(always), Arrays.deepHashCode(bySource));
    }

    @Override
    public String toString() {
        return "Shortlist[source=" + sourceVocabSize + ", target=" + targetVocabSize + ", always=" + always.length
                + ", maxPerSource=" + maxPerSource() + "]";
    }
}
