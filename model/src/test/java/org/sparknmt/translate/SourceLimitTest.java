package org.sparknmt.translate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceLimitTest {
    private static final int[] FIVE = {4, 5, 6, 7, 8};

    @Test
    void sourcesWithinTheLimitPassUnchanged() {
        for (OverlongPolicy p : OverlongPolicy.values()) {
            assertSame(FIVE, new SourceLimit(5, p).apply(FIVE, "x:1"));
        }
    }

    @Test
    void eachPolicyHandlesALongerSource() {
        assertArrayEquals(new int[]{4, 5, 6}, new SourceLimit(3, OverlongPolicy.TRUNCATE).apply(FIVE, "x:1"));
        assertArrayEquals(new int[0], new SourceLimit(3, OverlongPolicy.SKIP).apply(FIVE, "x:1"));
        SourceLimit.OverlongException e = assertThrows(SourceLimit.OverlongException.class,
                () -> new SourceLimit(3, OverlongPolicy.FAIL).apply(FIVE, "input a.txt:7"));
        assertTrue(e.getMessage().startsWith("input a.txt:7 has 5 subwords, over the limit of 3"), e.getMessage());
    }

    @Test
    void theTrainedLimitIsPrepsMaxSubwords() {
        assertEquals(42, SourceLimit.trainedLimit("batch:\n  size: 64\n  maxSubwords: 42\n"));
        assertEquals(SourceLimit.PREP_DEFAULT_MAX_SUBWORDS, SourceLimit.trainedLimit("batch:\n  size: 64\n"));
        assertEquals(SourceLimit.PREP_DEFAULT_MAX_SUBWORDS, SourceLimit.trainedLimit(""));
    }

    @Test
    void policiesAreNamedCaseInsensitively() {
        assertEquals(OverlongPolicy.SKIP, OverlongPolicy.fromName(" Skip "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OverlongPolicy.fromName("cut"));
        assertTrue(e.getMessage().contains("truncate, skip, fail"));
        assertThrows(IllegalArgumentException.class, () -> new SourceLimit(0, OverlongPolicy.FAIL));
    }
}
