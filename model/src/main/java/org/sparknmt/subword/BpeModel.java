package org.sparknmt.subword;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A learned byte-pair encoding: the ordered merge list (a merge's rank is its position) and the segmentation of
 * words into subword pieces, compatible with Sennrich's subword-nmt ({@code apply_bpe.py}). Serializable and safe
 * for concurrent use, because one instance is broadcast to Spark executors and shared by their tasks.
 *
 * <p>{@link #encode} writes pieces in subword-nmt notation: every piece but a word's last ends in {@value #SEPARATOR}.
 * The notation cannot mark the end of a word whose own text ends in {@value #SEPARATOR} and whose last piece is
 * longer than that suffix; {@link #decode} joins such a word to the next one, exactly as subword-nmt's
 * {@code sed -r 's/(@@ )|(@@ ?$)//g'} does. Our tokenizer does not produce such words.
 */
public final class BpeModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The end-of-word marker learning appends to a word's last symbol; never part of an encoded piece. */
    public static final String END_OF_WORD = "</w>";
    /** Suffix marking a piece that continues in the next piece. */
    public static final String SEPARATOR = "@@";
    /** Words remembered by {@link #encode} unless a model is built with another bound. */
    public static final int DEFAULT_CACHE_SIZE = 100_000;

    /** The merges-file versions of subword-nmt; they differ only in where the end-of-word marker goes. */
    public enum Version {
        /** Files without a header: {@code </w>} is a symbol of its own after a word's last character. */
        V0_1("0.1"),
        /** {@code #version: 0.2}: {@code </w>} is glued to a word's last character ({@code "x</w>"}). */
        V0_2("0.2");

        private final String number;

        Version(String number) {
            this.number = number;
        }

        /** The version as written in a merges file header, e.g. "0.2". */
        public String number() {
            return number;
        }
    }

    private final List<Merge> merges;
    private final Version version;
    private final int maxCacheSize;
    /** left symbol → right symbol → rank of the first merge of that pair. */
    private final transient Map<String, Map<String, Integer>> ranks;
    private final transient BoundedCache<String, List<String>> cache;

    /** A version 0.2 model with the default cache bound. */
    public BpeModel(List<Merge> merges) {
        this(merges, Version.V0_2, DEFAULT_CACHE_SIZE);
    }

    /**
     * @param merges       merges in rank order; a repeated pair keeps the rank of its first occurrence, as in
     *                     {@code apply_bpe.py}
     * @param version      where the end-of-word marker goes when a word is split into symbols
     * @param maxCacheSize how many words {@link #encode} remembers; 0 turns the cache off
     */
    public BpeModel(List<Merge> merges, Version version, int maxCacheSize) {
        Objects.requireNonNull(merges, "merges");
        Objects.requireNonNull(version, "version");
        if (maxCacheSize < 0) {
            throw new IllegalArgumentException("maxCacheSize must be >= 0 (0 = no cache), was " + maxCacheSize);
        }
        this.merges = List.copyOf(merges);
        this.version = version;
        this.maxCacheSize = maxCacheSize;
        Map<String, Map<String, Integer>> byLeft = new HashMap<>();
        for (int rank = 0; rank < this.merges.size(); rank++) {
            Merge m = this.merges.get(rank);
            byLeft.computeIfAbsent(m.left(), k -> new HashMap<>()).putIfAbsent(m.right(), rank);
        }
        this.ranks = byLeft;
        this.cache = new BoundedCache<>(maxCacheSize);
    }

    /**
     * Reads a merges file as subword-nmt's {@code learn_bpe.py} or {@link #write} wrote it, the way
     * {@code apply_bpe.py} reads it. A first line starting with {@code #version:} must name version 0.2 or 0.1
     * (trailing ".0"s ignored). A file without that header is version 0.1, whose end-of-word marker is a symbol of its
     * own; it gives a {@link Version#V0_1} model that segments exactly as subword-nmt does for such files. Spaces and
     * '\r' at either end of a line are ignored and blank lines may end the file; any other line must be "left right".
     * The model gets the default cache bound.
     *
     * @param in         the file's text; read to the end, not closed
     * @param sourceName names the file in error messages
     * @throws IllegalArgumentException for a malformed line or an unsupported header, naming {@code sourceName}, the
     *                                  1-based line number, the line and the expected form
     */
    public static BpeModel read(BufferedReader in, String sourceName) throws IOException {
        return MergesFile.read(in, sourceName);
    }

    /**
     * Writes this model as a subword-nmt merges file: the header {@code #version: 0.2} (none for a version 0.1
     * model, so that reading it back keeps the version), then one "left right" per line, each ended by "\n".
     * Flushes {@code out} but does not close it.
     */
    public void write(Writer out) throws IOException {
        MergesFile.write(this, out);
    }

    public int numMerges() {
        return merges.size();
    }

    /** The merges in rank order (unmodifiable). */
    public List<Merge> merges() {
        return merges;
    }

    public Version version() {
        return version;
    }

    public int maxCacheSize() {
        return maxCacheSize;
    }

    /**
     * Segments one word the way {@code apply_bpe.py} does: split into code points, mark the end of the word, then
     * repeatedly merge every non-overlapping occurrence (left to right) of the adjacent pair with the lowest rank
     * until no pair has one. Pieces come back in subword-nmt notation, e.g. "lower" → ["low@@", "er"]; a word with
     * no applicable merge comes back as its characters.
     *
     * @param word a non-empty token (white space, which our tokens never hold, would be an ordinary character)
     * @return the pieces (unmodifiable)
     */
    public List<String> encode(String word) {
        Objects.requireNonNull(word, "word");
        if (word.isEmpty()) {
            throw new IllegalArgumentException("cannot BPE-encode an empty word");
        }
        List<String> pieces = cache.get(word);
        if (pieces == null) {
            pieces = withSeparators(segment(word));
            cache.offer(word, pieces);
        }
        return pieces;
    }

    /**
     * Joins pieces in subword-nmt notation back into words: a piece ending in {@value #SEPARATOR} continues in the
     * next piece. A trailing piece that still ends in {@value #SEPARATOR} (e.g. a translation cut off at its length
     * limit) ends the last word without its suffix.
     */
    public static List<String> decode(List<String> pieces) {
        Objects.requireNonNull(pieces, "pieces");
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean open = false;
        for (String piece : pieces) {
            Objects.requireNonNull(piece, "pieces must not contain null");
            if (piece.endsWith(SEPARATOR)) {
                word.append(piece, 0, piece.length() - SEPARATOR.length());
                open = true;
            } else {
                word.append(piece);
                words.add(word.toString());
                word.setLength(0);
                open = false;
            }
        }
        if (open) {
            words.add(word.toString());
        }
        return words;
    }

    /** How many words the cache holds now; for tests. */
    int cachedWords() {
        return cache.size();
    }

    private List<String> segment(String word) {
        List<String> symbols = CodePoints.split(word);
        if (version == Version.V0_2) {
            int last = symbols.size() - 1;
            symbols.set(last, symbols.get(last) + END_OF_WORD);
        } else {
            symbols.add(END_OF_WORD);
        }
        while (symbols.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            int bestAt = -1;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Map<String, Integer> rights = ranks.get(symbols.get(i));
                Integer rank = rights == null ? null : rights.get(symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    bestAt = i;
                }
            }
            if (bestAt < 0) {
                break;
            }
            symbols = mergeAll(symbols, symbols.get(bestAt), symbols.get(bestAt + 1), bestAt);
        }
        int last = symbols.size() - 1;
        String tail = symbols.get(last);
        if (tail.equals(END_OF_WORD)) {
            symbols.remove(last);
        } else if (tail.endsWith(END_OF_WORD)) {
            symbols.set(last, tail.substring(0, tail.length() - END_OF_WORD.length()));
        }
        return symbols;
    }

    /** Merges every non-overlapping occurrence of (left, right), scanning left to right from the first one. */
    private static List<String> mergeAll(List<String> symbols, String left, String right, int first) {
        List<String> out = new ArrayList<>(symbols.size());
        out.addAll(symbols.subList(0, first));
        String merged = left + right;
        int i = first;
        while (i < symbols.size()) {
            if (i + 1 < symbols.size() && symbols.get(i).equals(left) && symbols.get(i + 1).equals(right)) {
                out.add(merged);
                i += 2;
            } else {
                out.add(symbols.get(i));
                i++;
            }
        }
        return out;
    }

    private static List<String> withSeparators(List<String> symbols) {
        List<String> pieces = new ArrayList<>(symbols.size());
        for (int i = 0; i < symbols.size(); i++) {
            pieces.add(i + 1 < symbols.size() ? symbols.get(i) + SEPARATOR : symbols.get(i));
        }
        return List.copyOf(pieces);
    }

    /** Rebuilds the rank index and an empty cache, and re-validates, after deserialization. */
    private Object readResolve() {
        return new BpeModel(merges, version, maxCacheSize);
    }

    @Override
    public String toString() {
        return "BpeModel[version=" + version.number() + ", merges=" + merges.size() + "]";
    }
}
