package org.sparknmt.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BatchStatsTest {

    @Test
    void plusAddsEveryCount() {
        BatchStats a = new BatchStats(1, 3, 9, 10, 12, 15);
        BatchStats b = new BatchStats(2, 5, 20, 30, 40, 50);
        assertEquals(new BatchStats(3, 8, 29, 40, 52, 65), a.plus(b));
        assertEquals(a, BatchStats.EMPTY.plus(a));
    }

    @Test
    void efficiencyIsRealTokensOverSlots() {
        assertEquals(40.0 / 50.0, new BatchStats(1, 2, 10, 30, 20, 30).paddingEfficiency(), 1e-12);
        assertEquals(1.0, BatchStats.EMPTY.paddingEfficiency());
    }

    @Test
    void rejectsNegativeCountsAndMoreTokensThanSlots() {
        assertThrows(IllegalArgumentException.class, () -> new BatchStats(-1, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchStats(1, 1, 5, 1, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> new BatchStats(1, 1, 1, 5, 1, 4));
    }
}
