package org.sparknmt.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncodedPairTest {

    @Test
    void exposesIdsAndLengths() {
        EncodedPair pair = new EncodedPair(7, new int[] {4, 1, 9}, new int[] {12, 13});
        assertEquals(7, pair.index());
        assertArrayEquals(new int[] {4, 1, 9}, pair.source());
        assertArrayEquals(new int[] {12, 13}, pair.target());
        assertEquals(3, pair.sourceLength());
        assertEquals(2, pair.targetLength());
        assertEquals(4, pair.sourceSteps());
        assertEquals(3, pair.targetSteps());
        assertEquals(1, pair.sourceId(1));
        assertEquals(13, pair.targetId(1));
    }

    @Test
    void copiesArraysInAndOut() {
        int[] source = {4, 5};
        int[] target = {6};
        EncodedPair pair = new EncodedPair(0, source, target);
        source[0] = 99;
        target[0] = 99;
        pair.source()[1] = 99;
        pair.target()[0] = 99;
        assertArrayEquals(new int[] {4, 5}, pair.source());
        assertArrayEquals(new int[] {6}, pair.target());
    }

    @Test
    void equalityIsByContent() {
        EncodedPair a = new EncodedPair(3, new int[] {4, 5}, new int[] {6});
        EncodedPair b = new EncodedPair(3, new int[] {4, 5}, new int[] {6});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("EncodedPair[index=3, source=[4, 5], target=[6]]", a.toString());
        assertNotEquals(a, new EncodedPair(4, new int[] {4, 5}, new int[] {6}));
        assertNotEquals(a, new EncodedPair(3, new int[] {4, 6}, new int[] {6}));
        assertNotEquals(a, new EncodedPair(3, new int[] {4, 5}, new int[] {7}));
    }

    @Test
    void rejectsMissingOrEmptySides() {
        assertThrows(NullPointerException.class, () -> new EncodedPair(0, null, new int[] {4}));
        assertThrows(NullPointerException.class, () -> new EncodedPair(0, new int[] {4}, null));
        assertThrows(IllegalArgumentException.class, () -> new EncodedPair(0, new int[0], new int[] {4}));
        assertThrows(IllegalArgumentException.class, () -> new EncodedPair(0, new int[] {4}, new int[0]));
    }

    @Test
    void rejectsNegativeIndex() {
        assertThrows(IllegalArgumentException.class, () -> new EncodedPair(-1, new int[] {4}, new int[] {4}));
    }

    /** PAD 0, BOS 2, EOS 3 are added by the batch builder; negative and non-float-exact ids are corrupt. */
    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3, -1, EncodedPair.MAX_ID})
    void rejectsSpecialAndOutOfRangeIds(int id) {
        assertThrows(IllegalArgumentException.class, () -> new EncodedPair(0, new int[] {4, id}, new int[] {4}));
        assertThrows(IllegalArgumentException.class, () -> new EncodedPair(0, new int[] {4}, new int[] {id, 4}));
    }

    @Test
    void acceptsUnkAndLargestId() {
        EncodedPair pair = new EncodedPair(0, new int[] {1}, new int[] {EncodedPair.MAX_ID - 1});
        assertArrayEquals(new int[] {1}, pair.source());
        assertArrayEquals(new int[] {EncodedPair.MAX_ID - 1}, pair.target());
    }
}
