package org.sparknmt.decode;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lane scan's pre-filter never drops a candidate the exact double test would keep. */
class SentenceBeamTest {

    @Test
    void theLowerBoundLetsThroughEveryCandidateThatReachesTheThreshold() {
        Random random = new Random(7);
        int kept = 0;
        for (int trial = 0; trial < 200_000; trial++) {
            double cumulative = -Math.abs(random.nextGaussian()) * Math.pow(10, random.nextInt(6) - 1);
            float near = (float) (-Math.abs(random.nextGaussian()) * Math.pow(10, random.nextInt(5) - 3));
            double threshold = cumulative + near;
            float bound = SentenceBeam.lowerBound(threshold, cumulative);
            float p = near;
            for (int ulps = 0; ulps < 4; ulps++) {
                p = Math.nextDown(p);
            }
            for (int ulps = 0; ulps < 8; ulps++, p = Math.nextUp(p)) {
                if (cumulative + p >= threshold) {
                    kept++;
                    assertTrue(p >= bound, "cumulative " + cumulative + " + " + p + " reaches " + threshold
                            + " but the bound " + bound + " would skip it");
                }
            }
        }
        assertTrue(kept > 100_000, "the trials came close to the threshold from both sides: " + kept);
    }

    @Test
    void anEmptyHeapOrAnUndefinedDifferenceLetsEverythingThrough() {
        assertEquals(Float.NEGATIVE_INFINITY, SentenceBeam.lowerBound(Double.NEGATIVE_INFINITY, -3.0));
        assertEquals(Float.NEGATIVE_INFINITY,
                SentenceBeam.lowerBound(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, SentenceBeam.lowerBound(-3.0, Double.NEGATIVE_INFINITY),
                "a -Infinity hypothesis reaches no finite threshold, as cumulative + p = -Infinity would say");
    }
}
