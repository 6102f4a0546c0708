package org.sparknmt.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

class BatcherTest {

    /** width 2, maxLength 10: 5 steps per side. */
    private static final LengthBucketer BUCKETER = new LengthBucketer(2, 10);

    @Test
    void minFillZeroNeverMixesBuckets() {
        // keys: 0, 0, 5, 5, 24
        List<EncodedPair> input = List.of(pair(0, 1, 1), pair(1, 2, 2), pair(2, 3, 1), pair(3, 4, 2), pair(4, 9, 9));
        List<List<Long>> chunks = indices(new Batcher(BUCKETER, 10, 0, 0.0), input);
        assertEquals(List.of(List.of(0L, 1L), List.of(2L, 3L), List.of(4L)), chunks);
    }

    @Test
    void aLeftoverBelowMinFillTakesInTheNextBucketOfItsGroupPaddedToTheLonger() {
        // pairs 0-4 in bucket 0 (lengths 1, 1), pairs 5-7 in bucket 1 (lengths 1, 3): both of group 0 (source step 0)
        List<EncodedPair> input = pairs(5, 1, 3);
        // 4 pairs a chunk: pair 4 alone (1 of 4 < half) is no step of its own, it joins 5-7
        List<List<EncodedPair>> chunks = collect(new Batcher(BUCKETER, 4, 0), input);
        assertEquals(List.of(List.of(0L, 1L, 2L, 3L), List.of(4L, 5L, 6L, 7L)), indices(chunks));
        BatchStats merged = new BatchBuilder().stats(chunks.get(1));
        assertEquals(4 * 2, merged.sourceSlots());
        assertEquals(4 * 4, merged.targetSlots(), "padded to the longer target");
        // minFill 0 keeps the leftover apart
        assertEquals(List.of(List.of(0L, 1L, 2L, 3L), List.of(4L), List.of(5L, 6L, 7L)),
                indices(new Batcher(BUCKETER, 4, 0, 0.0), input));
        // a leftover at least minFill full ends with its bucket: pairs 3, 4 are half of 4
        assertEquals(List.of(List.of(0L, 1L, 2L), List.of(3L, 4L), List.of(5L, 6L, 7L)),
                indices(new Batcher(BUCKETER, 3, 0), input));
    }

    @Test
    void aLeftoverNeverCrossesIntoTheNextGroup() {
        // pairs 5-7 in bucket 6 (lengths 3, 3): group 1 (source step 1); the chunks of a group must not depend on
        // which group follows it in a partition
        assertEquals(List.of(List.of(0L, 1L, 2L, 3L), List.of(4L), List.of(5L, 6L, 7L)),
                indices(new Batcher(BUCKETER, 4, 0), pairs(5, 3, 3)));
    }

    @Test
    void fillCountsPaddedTokensWhenMaxTokensIsSet() {
        // bucket 0 pairs (1, 1) cost 2 + 2 = 4 tokens, bucket 1 pairs (1, 3) cost 2 + 4 = 6; at most 16 tokens
        List<EncodedPair> input = pairs(5, 1, 3);
        // {4} is 4 of 16 tokens (< half): it takes in pair 5, padded to 2 x 6 = 12; then {6, 7} = 12
        assertEquals(List.of(List.of(0L, 1L, 2L, 3L), List.of(4L, 5L), List.of(6L, 7L)),
                indices(new Batcher(BUCKETER, 100, 16), input));
        // with pairs 0-5 in bucket 0, {4, 5} is 8 of 16 tokens, half: it ends with its bucket (2 of 100 pairs does not
        // count against it)
        input.set(5, pair(5, 1, 1));
        assertEquals(List.of(List.of(0L, 1L, 2L, 3L), List.of(4L, 5L), List.of(6L, 7L)),
                indices(new Batcher(BUCKETER, 100, 16), input));
    }

    /** 8 pairs: the first {@code first} of lengths (1, 1), in bucket 0; the rest of these lengths. */
    private static List<EncodedPair> pairs(int first, int sourceLength, int targetLength) {
        List<EncodedPair> input = new ArrayList<>();
        for (long i = 0; i < 8; i++) {
            input.add(i < first ? pair(i, 1, 1) : pair(i, sourceLength, targetLength));
        }
        return input;
    }

    @Test
    void respectsMaxSentencesAndYieldsLastPartialChunk() {
        List<EncodedPair> input = List.of(pair(0, 1, 1), pair(1, 2, 1), pair(2, 1, 2), pair(3, 2, 2), pair(4, 1, 1));
        assertEquals(List.of(List.of(0L, 1L), List.of(2L, 3L), List.of(4L)),
                indices(new Batcher(BUCKETER, 2, 0), input));
    }

    @Test
    void maxSentencesAppliesPerBucket() {
        // keys: 0, 0, 0, 6, 6
        List<EncodedPair> input = List.of(pair(0, 1, 1), pair(1, 2, 1), pair(2, 1, 2), pair(3, 3, 3), pair(4, 4, 4));
        assertEquals(List.of(List.of(0L, 1L), List.of(2L), List.of(3L, 4L)),
                indices(new Batcher(BUCKETER, 2, 0), input));
    }

    @Test
    void respectsMaxTokensCountedOnPaddedSlotsOfBothSides() {
        // width 4, all in bucket 0; steps (s + 1, t + 1): (2, 2), (5, 5), (3, 3), (4, 4)
        Batcher batcher = new Batcher(new LengthBucketer(4, 8), 100, 16);
        List<EncodedPair> input = List.of(pair(0, 1, 1), pair(1, 4, 4), pair(2, 2, 2), pair(3, 3, 3));
        // {0} = 4, {0,1} would be 2 × 10 = 20; {1} = 10, {1,2} would be 20; {2,3} = 2 × (4 + 4) = 16, exactly the limit
        List<List<EncodedPair>> chunks = collect(batcher, input);
        assertEquals(List.of(List.of(0L), List.of(1L), List.of(2L, 3L)), indices(chunks));
        BatchBuilder builder = new BatchBuilder();
        List<Long> slots = new ArrayList<>();
        for (List<EncodedPair> chunk : chunks) {
            BatchStats stats = builder.stats(chunk);
            slots.add(stats.sourceSlots() + stats.targetSlots());
        }
        assertEquals(List.of(4L, 10L, 16L), slots);
    }

    @Test
    void appliesBothLimitsTogether() {
        // all in bucket 0 of width 4; each pair costs 2 + 2 = 4 tokens; max 3 sentences or 8 tokens -> 2 per chunk
        List<EncodedPair> input = List.of(pair(0, 1, 1), pair(1, 1, 1), pair(2, 1, 1), pair(3, 1, 1), pair(4, 1, 1));
        assertEquals(List.of(List.of(0L, 1L), List.of(2L, 3L), List.of(4L)),
                indices(new Batcher(new LengthBucketer(4, 8), 3, 8), input));
        assertEquals(List.of(List.of(0L, 1L, 2L), List.of(3L, 4L)),
                indices(new Batcher(new LengthBucketer(4, 8), 3, 1000), input));
    }

    @Test
    void readsNoFurtherThanNeeded() {
        CountingIterator infinite = new CountingIterator();
        Iterator<List<EncodedPair>> chunks = new Batcher(BUCKETER, 3, 0).batches(infinite);
        assertEquals(List.of(0L, 1L, 2L), indicesOf(chunks.next()));
        assertEquals(3, infinite.taken);
        assertEquals(List.of(3L, 4L, 5L), indicesOf(chunks.next()));
        assertEquals(6, infinite.taken);
    }

    @Test
    void emptyInputYieldsNothing() {
        Iterator<List<EncodedPair>> chunks = new Batcher(BUCKETER, 3, 0).batches(List.<EncodedPair>of().iterator());
        assertFalse(chunks.hasNext());
        assertThrows(NoSuchElementException.class, chunks::next);
    }

    @Test
    void chunksAreUnmodifiable() {
        List<EncodedPair> chunk = new Batcher(BUCKETER, 3, 0).batches(List.of(pair(0, 1, 1)).iterator()).next();
        assertThrows(UnsupportedOperationException.class, () -> chunk.add(pair(1, 1, 1)));
    }

    @Test
    void rejectsInputNotSortedByBucket() {
        // keys 5, then 0
        Iterator<List<EncodedPair>> chunks = new Batcher(BUCKETER, 10, 0)
                .batches(List.of(pair(0, 3, 1), pair(1, 1, 1)).iterator());
        assertThrows(IllegalArgumentException.class, chunks::next);
    }

    @Test
    void rejectsPairThatAloneExceedsMaxTokens() {
        Iterator<List<EncodedPair>> chunks = new Batcher(BUCKETER, 10, 3)
                .batches(List.of(pair(0, 1, 1)).iterator());
        assertTrue(chunks.hasNext());
        assertThrows(IllegalArgumentException.class, chunks::next);
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(NullPointerException.class, () -> new Batcher(null, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Batcher(BUCKETER, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Batcher(BUCKETER, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Batcher(BUCKETER, 1, 0, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new Batcher(BUCKETER, 1, 0, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new Batcher(BUCKETER, 1, 0, Double.NaN));
    }

    /** A pair with these bare lengths, all ids 4. */
    private static EncodedPair pair(long index, int sourceLength, int targetLength) {
        int[] source = new int[sourceLength];
        int[] target = new int[targetLength];
        Arrays.fill(source, 4);
        Arrays.fill(target, 4);
        return new EncodedPair(index, source, target);
    }

    private static List<List<EncodedPair>> collect(Batcher batcher, List<EncodedPair> input) {
        List<List<EncodedPair>> chunks = new ArrayList<>();
        batcher.batches(input.iterator()).forEachRemaining(chunks::add);
        return chunks;
    }

    private static List<List<Long>> indices(Batcher batcher, List<EncodedPair> input) {
        return indices(collect(batcher, input));
    }

    private static List<List<Long>> indices(List<List<EncodedPair>> chunks) {
        return chunks.stream().map(BatcherTest::indicesOf).toList();
    }

    private static List<Long> indicesOf(List<EncodedPair> chunk) {
        return chunk.stream().map(EncodedPair::index).toList();
    }

    /** Endless pairs of lengths (1, 1), all in bucket 0, counting how many were taken. */
    private static final class CountingIterator implements Iterator<EncodedPair> {
        int taken;

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public EncodedPair next() {
            return pair(taken++, 1, 1);
        }
    }
}
