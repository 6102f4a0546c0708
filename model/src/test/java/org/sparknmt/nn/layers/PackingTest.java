package org.sparknmt.nn.layers;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PackingTest {
    private static INDArray mask(double[][] rows) {
        return Nd4j.createFromArray(rows).castTo(DataType.FLOAT);
    }

    @Test
    void postPaddedSequencesPackLongestFirstWithShrinkingSteps() {
        Packing p = Packing.of(mask(new double[][]{{1, 1, 0, 0}, {1, 1, 1, 1}, {1, 0, 0, 0}}), 3, 4);
        assertArrayEquals(new int[]{1, 0, 2}, p.order());
        assertArrayEquals(new int[]{3, 2, 1, 1}, p.counts());
        assertArrayEquals(new int[]{0, 3, 5, 6}, p.offsets());
        assertEquals(7, p.rows());
        // step 0: sequences 1, 0, 2; step 1: 1, 0; steps 2, 3: 1 (rows b·T + t)
        assertArrayEquals(new int[]{4, 0, 8, 5, 1, 6, 7}, p.sequenceRows());
        assertArrayEquals(new int[]{-1, -1, -1, 0, 1, 3, 5}, p.previousRows());
        assertEquals(2, p.carried(1));
    }

    @Test
    void prePaddedSequencesAsBidirectionalReversesThemGrowStepByStep() {
        Packing p = Packing.of(mask(new double[][]{{0, 0, 1, 1}, {1, 1, 1, 1}, {0, 0, 0, 1}}), 3, 4);
        assertArrayEquals(new int[]{1, 0, 2}, p.order());
        assertArrayEquals(new int[]{1, 1, 2, 3}, p.counts());
        // a sequence that starts later starts from a zero state
        assertArrayEquals(new int[]{-1, 0, 1, -1, 2, 3, -1}, p.previousRows());
    }

    @Test
    void noMaskIsEveryCellAndAnEmptySequenceTakesNoRows() {
        Packing all = Packing.of(null, 2, 3);
        assertArrayEquals(new int[]{2, 2, 2}, all.counts());
        Packing empty = Packing.of(mask(new double[][]{{1, 1}, {0, 0}}), 2, 2);
        assertArrayEquals(new int[]{1, 1}, empty.counts());
        assertArrayEquals(new int[]{0, 1}, empty.sequenceRows());
    }

    @Test
    void holesAndMixedPaddingSidesAreNotPackable() {
        assertNull(Packing.of(mask(new double[][]{{1, 0, 1}}), 1, 3));
        assertNull(Packing.of(mask(new double[][]{{1, 1, 0}, {0, 1, 1}}), 2, 3));
    }
}
