package org.sparknmt.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The heap rule against the README's measured boundaries, and the message of a refusal. */
class HeapBudgetTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    @Test
    void theRuleSeparatesTheMeasuredRunsThatFitFromThoseThatRanOut() {
        long quickstart = 4_720_239; // conf/train-local.yaml, local[2]: 1g finished, 512m ran out of heap
        assertDoesNotThrow(() -> HeapBudget.check(GIB, quickstart, 2));
        assertThrows(TrainException.class, () -> HeapBudget.check(512 * MIB, quickstart, 2));
        long multi30k = 6_900_000; // conf/train-multi30k.yaml, local[2]: 2g finished, 1g ran out at step ~300
        assertDoesNotThrow(() -> HeapBudget.check(2 * GIB, multi30k, 2));
        assertThrows(TrainException.class, () -> HeapBudget.check(GIB, multi30k, 2));
        assertEquals(512 * MIB + 96L * multi30k, HeapBudget.requiredBytes(multi30k, 2));
        assertEquals(HeapBudget.requiredBytes(10, 1), HeapBudget.requiredBytes(10, 0), "at least one worker");
    }

    @Test
    void aRefusalNamesBothSizesAndTheSettingsToChange() {
        TrainException e = assertThrows(TrainException.class, () -> HeapBudget.check(GIB, 50_000_000, 2));
        String m = e.getMessage();
        assertTrue(m.startsWith("the driver's Java heap (1.00 GiB) is below the 4.97 GiB this run needs"), m);
        assertTrue(m.contains("50,000,000 parameters x 2 workers") && m.contains("SPARK_NMT_HEAP")
                && m.contains("spark.driver.memory") && m.contains("memoryCheck: false"), m);
    }
}
