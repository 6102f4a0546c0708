package org.sparknmt.vocab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The mapping between tokens and the integer ids the network sees, with each token's training count. Ids 0..3 are
 * always {@link Specials#ALL}; the other tokens follow by count, so the same counts always give the same ids.
 * Immutable, serializable and safe for concurrent use, because it is broadcast to Spark executors and shared by
 * their tasks.
 */
public final class Vocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Regular tokens: count descending, then token ascending by {@link String#compareTo}. */
    private static final Comparator<Map.Entry<String, Long>> BY_COUNT_THEN_TOKEN =
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey());

    private final List<String> tokens;
    private final long[] counts;
    private final transient Map<String, Integer> ids;

    /**
     * @param tokens in id order; must start with {@link Specials#ALL}, hold no duplicate, and every token must be
     *               non-empty without white space
     * @param counts each token's count (&gt;= 0), same length as tokens
     */
    Vocabulary(List<String> tokens, long[] counts) {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(counts, "counts");
        if (tokens.size() != counts.length) {
            throw new IllegalArgumentException("tokens and counts differ in length: " + tokens.size() + " vs " + counts.length);
        }
        if (tokens.size() < Specials.ALL.size() || !tokens.subList(0, Specials.ALL.size()).equals(Specials.ALL)) {
            throw new IllegalArgumentException("a vocabulary must start with the special tokens " + Specials.ALL);
        }
        Map<String, Integer> index = new HashMap<>(tokens.size() * 2);
        for (int id = 0; id < tokens.size(); id++) {
            String token = tokens.get(id);
            checkToken(token, "token at id " + id);
            if (counts[id] < 0) {
                throw new IllegalArgumentException("count of \"" + token + "\" (id " + id + ") must be >= 0, was " + counts[id]);
            }
            Integer previous = index.putIfAbsent(token, id);
            if (previous != null) {
                throw new IllegalArgumentException("token \"" + token + "\" appears twice, at ids " + previous + " and " + id);
            }
        }
        this.tokens = List.copyOf(tokens);
        this.counts = counts.clone();
        this.ids = index;
    }

    /**
     * Builds a vocabulary from token counts: the specials at ids 0..3, then every other token whose count is
     * {@code >= minCount}, by count descending and then token ascending ({@link String#compareTo}), cut to
     * {@code maxSize} ids in all. A special token found in {@code counts} keeps its fixed id (and its count); it is
     * not added again.
     *
     * @param counts   token → count; tokens non-empty without white space, counts &gt;= 0
     * @param minCount the smallest count a token needs, &gt;= 1
     * @param maxSize  the most ids including the 4 specials; 0 or negative for no limit, otherwise &gt;= 4
     */
    public static Vocabulary build(Map<String, Long> counts, int minCount, int maxSize) {
        Objects.requireNonNull(counts, "counts");
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, was " + minCount);
        }
        if (maxSize > 0 && maxSize < Specials.ALL.size()) {
            throw new IllegalArgumentException("maxSize must be <= 0 (no limit) or >= " + Specials.ALL.size()
                    + " (the special tokens), was " + maxSize);
        }
        List<Map.Entry<String, Long>> regular = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            checkToken(e.getKey(), "counts key");
            Long count = e.getValue();
            if (count == null || count < 0) {
                throw new IllegalArgumentException("counts values must be >= 0, got " + count + " for \"" + e.getKey() + "\"");
            }
            if (count >= minCount && !Specials.ALL.contains(e.getKey())) {
                regular.add(Map.entry(e.getKey(), count));
            }
        }
        regular.sort(BY_COUNT_THEN_TOKEN);
        int keep = maxSize > 0 ? Math.min(regular.size(), maxSize - Specials.ALL.size()) : regular.size();
        List<String> tokens = new ArrayList<>(Specials.ALL.size() + keep);
        long[] tokenCounts = new long[Specials.ALL.size() + keep];
        for (String special : Specials.ALL) {
            tokenCounts[tokens.size()] = counts.getOrDefault(special, 0L);
            tokens.add(special);
        }
        for (Map.Entry<String, Long> e : regular.subList(0, keep)) {
            tokenCounts[tokens.size()] = e.getValue();
            tokens.add(e.getKey());
        }
        return new Vocabulary(tokens, tokenCounts);
    }

    /**
     * Reads the format {@link #write} produces and checks it: every line {@code token<TAB>count} (token non-empty
     * without white space, count ASCII decimal digits), lines 1..4 the special tokens in id order, no token twice.
     *
     * @param in         the file's text; read to the end, not closed
     * @param sourceName names the file in error messages
     * @throws IllegalArgumentException naming {@code sourceName}, the line number, what is wrong and how to fix it
     */
    public static Vocabulary read(BufferedReader in, String sourceName) throws IOException {
        return VocabularyFile.read(in, sourceName);
    }

    /**
     * Writes one line per id, in id order: {@code token<TAB>count\n}. Flushes {@code out} but does not close it.
     */
    public void write(Writer out) throws IOException {
        VocabularyFile.write(this, out);
    }

    /** The id of {@code token}, or {@link Specials#UNK_ID} when it is not in the vocabulary. */
    public int id(String token) {
        Objects.requireNonNull(token, "token");
        return ids.getOrDefault(token, Specials.UNK_ID);
    }

    public boolean contains(String token) {
        return ids.containsKey(Objects.requireNonNull(token, "token"));
    }

    /** The token with this id; fails for an id outside [0, size()). */
    public String token(int id) {
        return tokens.get(checkId(id));
    }

    /** The training count of the token with this id (for a special token, its count in the input, else 0). */
    public long count(int id) {
        return counts[checkId(id)];
    }

    /** The number of ids, specials included. */
    public int size() {
        return tokens.size();
    }

    /** The id of each token, unknown tokens mapping to {@link Specials#UNK_ID}. */
    public int[] encode(List<String> tokens) {
        Objects.requireNonNull(tokens, "tokens");
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(tokens.get(i));
        }
        return out;
    }

    /** The token of each id, specials included; fails for an id outside [0, size()). */
    public List<String> decode(int[] ids) {
        Objects.requireNonNull(ids, "ids");
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(token(id));
        }
        return out;
    }

    private int checkId(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("id " + id + " is out of range: this vocabulary has size " + tokens.size()
                    + ", so ids are 0.." + (tokens.size() - 1));
        }
        return id;
    }

    static void checkToken(String token, String what) {
        if (token == null || token.isEmpty() || token.codePoints().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(what + " must be a non-empty token without white space, was "
                    + (token == null ? "null" : "\"" + token + "\""));
        }
    }

    /** Re-validates and rebuilds the token index after deserialization. */
    private Object readResolve() {
        return new Vocabulary(tokens, counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && tokens.equals(v.tokens) && Arrays.equals(counts, v.counts);
    }

    @Override
    public int hashCode() {
        return 31 * tokens.hashCode() + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Vocabulary[size=" + tokens.size() + "]";
    }
}
