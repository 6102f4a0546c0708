package org.sparknmt.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LengthBucketerTest {

    /** width 4, maxLength 10: 3 steps per side, key = (ceil(s/4) - 1) * 3 + (ceil(t/4) - 1). */
    @ParameterizedTest(name = "({0}, {1}) -> {2}")
    @CsvSource({
        "1, 1, 0",
        "4, 4, 0",
        "1, 5, 1",
        "4, 8, 1",
        "3, 9, 2",
        "5, 1, 3",
        "5, 5, 4",
        "8, 10, 5",
        "9, 1, 6",
        "10, 4, 6",
        "9, 8, 7",
        "10, 10, 8"
    })
    void keyTable(int sourceLength, int targetLength, int key) {
        LengthBucketer bucketer = new LengthBucketer(4, 10);
        assertEquals(key, bucketer.bucket(sourceLength, targetLength));
        assertEquals(key, bucketer.bucket(pair(sourceLength, targetLength)));
    }

    @Test
    void widthOneGivesOneBucketPerLengthPair() {
        LengthBucketer bucketer = new LengthBucketer(1, 3);
        assertEquals(0, bucketer.bucket(1, 1));
        assertEquals(5, bucketer.bucket(2, 3));
        assertEquals(7, bucketer.bucket(3, 2));
        assertEquals(8, bucketer.bucket(3, 3));
    }

    @Test
    void everyKeyIsUsedAndHoldsLengthsWithinOneWidth() {
        LengthBucketer bucketer = new LengthBucketer(3, 10);
        assertEquals(4, bucketer.stepsPerSide());
        assertEquals(16, bucketer.bucketCount());
        Map<Integer, int[]> ranges = new HashMap<>(); // key -> {minS, maxS, minT, maxT}
        for (int s = 1; s <= 10; s++) {
            for (int t = 1; t <= 10; t++) {
                int key = bucketer.bucket(s, t);
                assertTrue(key >= 0 && key < 16, "key " + key);
                int[] r = ranges.computeIfAbsent(key, k -> new int[] {99, 0, 99, 0});
                r[0] = Math.min(r[0], s);
                r[1] = Math.max(r[1], s);
                r[2] = Math.min(r[2], t);
                r[3] = Math.max(r[3], t);
            }
        }
        assertEquals(16, ranges.size());
        ranges.values().forEach(r -> {
            assertTrue(r[1] - r[0] < 3, "source spread");
            assertTrue(r[3] - r[2] < 3, "target spread");
        });
    }

    @Test
    void aGroupIsTheBucketsOfOneSourceStep() {
        LengthBucketer b = new LengthBucketer(4, 10); // 3 steps per side
        assertEquals(0, b.group(b.bucket(1, 1)));
        assertEquals(0, b.group(b.bucket(4, 10)));
        assertEquals(1, b.group(b.bucket(5, 1)));
        assertEquals(2, b.group(b.bucket(10, 9)));
    }

    @Test
    void rejectsLengthsOutsideOneToMax() {
        LengthBucketer bucketer = new LengthBucketer(4, 10);
        assertThrows(IllegalArgumentException.class, () -> bucketer.bucket(11, 1));
        assertThrows(IllegalArgumentException.class, () -> bucketer.bucket(1, 11));
        assertThrows(IllegalArgumentException.class, () -> bucketer.bucket(0, 1));
        assertThrows(IllegalArgumentException.class, () -> bucketer.bucket(1, 0));
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new LengthBucketer(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new LengthBucketer(4, 0));
        assertThrows(IllegalArgumentException.class, () -> new LengthBucketer(1, 50_000));
    }

    @Test
    void largeConfigurationDoesNotOverflow() {
        LengthBucketer bucketer = new LengthBucketer(Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertEquals(1, bucketer.bucketCount());
        assertEquals(0, bucketer.bucket(Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    private static EncodedPair pair(int sourceLength, int targetLength) {
        return new EncodedPair(0, filled(sourceLength), filled(targetLength));
    }

    private static int[] filled(int length) {
        int[] ids = new int[length];
        java.util.Arrays.fill(ids, 4);
        return ids;
    }
}
