package org.sparknmt.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A progress chunk (one Spark job) holds whole averaging rounds when it can, so that none is cut short. */
class WholeRoundsTest {

    @Test
    void cutsAChunkDownToWholeRoundsAndLeavesAShortOneAlone() {
        assertEquals(50, TrainingLoop.wholeRounds(50, 10), "2 workers x 5: already whole");
        assertEquals(40, TrainingLoop.wholeRounds(50, 40), "8 workers x 5: one round, not one and a quarter");
        assertEquals(160, TrainingLoop.wholeRounds(170, 80));
        assertEquals(3, TrainingLoop.wholeRounds(3, 10), "less than a round: left as asked (a warning says so)");
    }
}
