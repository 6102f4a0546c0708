package org.sparknmt.subword;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The mutable state of one {@link BpeLearner} run: symbols interned as ints, every word as a symbol array, and pair
 * statistics kept up to date incrementally. Merging a pair only visits the words its index lists, and changes only
 * the counts of pairs that touch a merged occurrence; the best pair comes from a max-heap with lazy deletion, where
 * an entry whose count no longer matches its pair is dropped or re-queued when it surfaces.
 */
final class PairMerger {
    private final List<String> symbols = new ArrayList<>();
    private final Map<String, Integer> symbolIds = new HashMap<>();
    private final int[][] words;
    private final long[] counts;
    /** The merge step that last visited each word, so a word listed twice in an index is merged once. */
    private final int[] visitedAt;
    private final Map<Long, Pair> pairs = new HashMap<>();
    private final PriorityQueue<Candidate> heap;
    // scratch space for one word, sized to the longest word
    private final int[] merged;
    private final boolean[] consumed;
    private final boolean[] created;

    /** A symbol pair with its current count and the words that contain (or once contained) it. */
    private static final class Pair {
        final int left;
        final int right;
        long count;
        int[] wordIndex = new int[2];
        int indexSize;
        boolean touched;

        Pair(int left, int right) {
            this.left = left;
            this.right = right;
        }

        void addWord(int word) {
            if (indexSize > 0 && wordIndex[indexSize - 1] == word) {
                return;
            }
            if (indexSize == wordIndex.length) {
                wordIndex = Arrays.copyOf(wordIndex, indexSize * 2);
            }
            wordIndex[indexSize++] = word;
        }
    }

    /** A heap entry: {@code pair} had {@code count} when queued. */
    private record Candidate(long count, Pair pair) {
    }

    PairMerger(Map<String, Long> wordCounts) {
        int n = wordCounts.size();
        words = new int[n][];
        counts = new long[n];
        visitedAt = new int[n];
        int longest = 1;
        int w = 0;
        for (Map.Entry<String, Long> e : wordCounts.entrySet()) {
            List<String> chars = CodePoints.split(e.getKey());
            int last = chars.size() - 1;
            chars.set(last, chars.get(last) + BpeModel.END_OF_WORD);
            int[] word = new int[chars.size()];
            for (int i = 0; i < word.length; i++) {
                word[i] = intern(chars.get(i));
            }
            words[w] = word;
            counts[w] = e.getValue();
            longest = Math.max(longest, word.length);
            for (int i = 0; i + 1 < word.length; i++) {
                Pair p = pair(word[i], word[i + 1]);
                p.count += counts[w];
                p.addWord(w);
            }
            w++;
        }
        merged = new int[longest];
        consumed = new boolean[longest];
        created = new boolean[longest];
        List<Candidate> initial = new ArrayList<>(pairs.size());
        for (Pair p : pairs.values()) {
            initial.add(new Candidate(p.count, p));
        }
        heap = new PriorityQueue<>(Math.max(1, initial.size()), this::compare);
        heap.addAll(initial);
    }

    List<Merge> run(int numMerges, int minFrequency) {
        List<Merge> merges = new ArrayList<>(Math.min(numMerges, 1 << 16));
        while (merges.size() < numMerges) {
            Candidate top = heap.poll();
            if (top == null) {
                break;
            }
            Pair best = top.pair();
            if (top.count() != best.count) {
                // stale: counts of existing pairs only fall, so re-queue the pair at its current count
                if (best.count > 0 && best.count < top.count()) {
                    heap.add(new Candidate(best.count, best));
                }
                continue;
            }
            if (best.count < minFrequency) {
                break;
            }
            merges.add(new Merge(symbols.get(best.left), symbols.get(best.right)));
            apply(best, merges.size());
        }
        return merges;
    }

    /** Heap order: higher count first, then the greater (left, right) by code point, like learn_bpe.py's max(). */
    private int compare(Candidate a, Candidate b) {
        int c = Long.compare(b.count(), a.count());
        if (c != 0) {
            return c;
        }
        c = CodePoints.compare(symbols.get(b.pair().left), symbols.get(a.pair().left));
        if (c != 0) {
            return c;
        }
        return CodePoints.compare(symbols.get(b.pair().right), symbols.get(a.pair().right));
    }

    private void apply(Pair best, int step) {
        int newSymbol = intern(symbols.get(best.left) + symbols.get(best.right));
        List<Pair> touched = new ArrayList<>();
        int[] listed = best.wordIndex;
        int listedSize = best.indexSize;
        for (int k = 0; k < listedSize; k++) {
            int w = listed[k];
            if (visitedAt[w] != step) {
                visitedAt[w] = step;
                mergeInWord(w, best.left, best.right, newSymbol, touched);
            }
        }
        // no word holds the pair any more (its count is now 0); free its index
        best.wordIndex = new int[2];
        best.indexSize = 0;
        for (Pair p : touched) {
            p.touched = false;
            if (p.count > 0) {
                heap.add(new Candidate(p.count, p));
            }
        }
    }

    /**
     * Merges every non-overlapping (left, right), left to right, in word {@code w}. Only pairs with a merged symbol
     * on either side change: the old ones lose the word's count, the new ones (all containing the new symbol) gain
     * it and get the word in their index.
     */
    private void mergeInWord(int w, int left, int right, int newSymbol, List<Pair> touched) {
        int[] old = words[w];
        int n = old.length;
        int m = 0;
        boolean any = false;
        int i = 0;
        while (i < n) {
            if (i + 1 < n && old[i] == left && old[i + 1] == right) {
                consumed[i] = true;
                consumed[i + 1] = true;
                merged[m] = newSymbol;
                created[m++] = true;
                i += 2;
                any = true;
            } else {
                consumed[i] = false;
                merged[m] = old[i];
                created[m++] = false;
                i++;
            }
        }
        if (!any) {
            return;
        }
        long count = counts[w];
        for (int k = 0; k + 1 < n; k++) {
            if (consumed[k] || consumed[k + 1]) {
                pairs.get(key(old[k], old[k + 1])).count -= count;
            }
        }
        for (int k = 0; k + 1 < m; k++) {
            if (created[k] || created[k + 1]) {
                Pair p = pair(merged[k], merged[k + 1]);
                p.count += count;
                p.addWord(w);
                if (!p.touched) {
                    p.touched = true;
                    touched.add(p);
                }
            }
        }
        words[w] = Arrays.copyOf(merged, m);
    }

    private int intern(String symbol) {
        Integer id = symbolIds.get(symbol);
        if (id == null) {
            id = symbols.size();
            symbols.add(symbol);
            symbolIds.put(symbol, id);
        }
        return id;
    }

    private Pair pair(int left, int right) {
        return pairs.computeIfAbsent(key(left, right), k -> new Pair(left, right));
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }
}
