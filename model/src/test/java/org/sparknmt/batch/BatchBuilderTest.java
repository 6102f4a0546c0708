package org.sparknmt.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

class BatchBuilderTest {

    /** Three pairs with different lengths on both sides: Ts = 4 (pair a), Tt = 5 (pair b). Id 1 is UNK. */
    static final List<EncodedPair> PAIRS = List.of(
            new EncodedPair(10, new int[] {5, 6, 7}, new int[] {8, 9}),
            new EncodedPair(11, new int[] {4}, new int[] {10, 11, 12, 13}),
            new EncodedPair(12, new int[] {20, 21}, new int[] {1}));

    private final BatchBuilder builder = new BatchBuilder();

    @Test
    void encoderInputIsSourcePlusEosPaddedWithPad() {
        MultiDataSet mds = builder.build(PAIRS);
        assertArrayEquals(new float[][] {
            {5, 6, 7, 3},
            {4, 3, 0, 0},
            {20, 21, 3, 0}
        }, rows(mds.getFeatures(0)));
    }

    @Test
    void decoderInputIsBosPlusTargetPaddedWithPad() {
        MultiDataSet mds = builder.build(PAIRS);
        assertArrayEquals(new float[][] {
            {2, 8, 9, 0, 0},
            {2, 10, 11, 12, 13},
            {2, 1, 0, 0, 0}
        }, rows(mds.getFeatures(1)));
    }

    @Test
    void labelsAreTargetPlusEosPaddedWithPad() {
        MultiDataSet mds = builder.build(PAIRS);
        assertArrayEquals(new float[][] {
            {8, 9, 3, 0, 0},
            {10, 11, 12, 13, 3},
            {1, 3, 0, 0, 0}
        }, rows(mds.getLabels(0)));
    }

    @Test
    void masksMarkRealPositions() {
        MultiDataSet mds = builder.build(PAIRS);
        assertArrayEquals(new float[][] {
            {1, 1, 1, 1},
            {1, 1, 0, 0},
            {1, 1, 1, 0}
        }, mds.getFeaturesMaskArray(0).toFloatMatrix());
        float[][] decoderMask = {
            {1, 1, 1, 0, 0},
            {1, 1, 1, 1, 1},
            {1, 1, 0, 0, 0}
        };
        assertArrayEquals(decoderMask, mds.getFeaturesMaskArray(1).toFloatMatrix());
        assertArrayEquals(decoderMask, mds.getLabelsMaskArray(0).toFloatMatrix());
        assertNotSame(mds.getFeaturesMaskArray(1), mds.getLabelsMaskArray(0));
    }

    @Test
    void labelAtStepTIsDecoderInputAtStepTPlusOne() {
        MultiDataSet mds = builder.build(PAIRS);
        float[][] decoder = rows(mds.getFeatures(1));
        float[][] labels = rows(mds.getLabels(0));
        float[][] mask = mds.getLabelsMaskArray(0).toFloatMatrix();
        for (int row = 0; row < PAIRS.size(); row++) {
            int checked = 0;
            for (int t = 0; t + 1 < decoder[row].length; t++) {
                if (mask[row][t + 1] == 1f) {
                    assertEquals(decoder[row][t + 1], labels[row][t], "row " + row + " step " + t);
                    checked++;
                }
            }
            assertEquals(PAIRS.get(row).targetLength(), checked, "row " + row);
        }
    }

    @Test
    void arraysHaveDl4jShapesAndFloatType() {
        MultiDataSet mds = builder.build(PAIRS);
        assertEquals(2, mds.numFeatureArrays());
        assertEquals(1, mds.numLabelsArrays());
        assertEquals(2, mds.getFeaturesMaskArrays().length);
        assertEquals(1, mds.getLabelsMaskArrays().length);
        assertShape(mds.getFeatures(0), 3, 1, 4);
        assertShape(mds.getFeatures(1), 3, 1, 5);
        assertShape(mds.getLabels(0), 3, 1, 5);
        assertShape(mds.getFeaturesMaskArray(0), 3, 4);
        assertShape(mds.getFeaturesMaskArray(1), 3, 5);
        assertShape(mds.getLabelsMaskArray(0), 3, 5);
    }

    @Test
    void singlePairHasNoPadding() {
        MultiDataSet mds = builder.build(List.of(new EncodedPair(0, new int[] {7}, new int[] {8, 9})));
        assertShape(mds.getFeatures(0), 1, 1, 2);
        assertArrayEquals(new float[][] {{7, 3}}, rows(mds.getFeatures(0)));
        assertArrayEquals(new float[][] {{2, 8, 9}}, rows(mds.getFeatures(1)));
        assertArrayEquals(new float[][] {{8, 9, 3}}, rows(mds.getLabels(0)));
        assertArrayEquals(new float[][] {{1, 1}}, mds.getFeaturesMaskArray(0).toFloatMatrix());
        assertArrayEquals(new float[][] {{1, 1, 1}}, mds.getLabelsMaskArray(0).toFloatMatrix());
    }

    @Test
    void statsCountRealTokensAndPaddedSlots() {
        // source tokens 4 + 2 + 3, target tokens 3 + 5 + 2, slots 3 × 4 and 3 × 5
        assertEquals(new BatchStats(1, 3, 9, 10, 12, 15), builder.stats(PAIRS));
        assertEquals(19.0 / 27.0, builder.stats(PAIRS).paddingEfficiency(), 1e-12);
    }

    @Test
    void statsMatchTheMasksOfTheBuiltBatch() {
        MultiDataSet mds = builder.build(PAIRS);
        BatchStats stats = builder.stats(PAIRS);
        assertEquals(stats.sourceTokens(), mds.getFeaturesMaskArray(0).sumNumber().longValue());
        assertEquals(stats.targetTokens(), mds.getLabelsMaskArray(0).sumNumber().longValue());
        assertEquals(stats.sourceSlots(), mds.getFeatures(0).length());
        assertEquals(stats.targetSlots(), mds.getLabels(0).length());
    }

    @Test
    void rejectsEmptyOrNullBatch() {
        assertThrows(IllegalArgumentException.class, () -> builder.build(List.of()));
        assertThrows(NullPointerException.class, () -> builder.build(null));
        assertThrows(IllegalArgumentException.class, () -> builder.stats(List.of()));
    }

    /** The rows of a {@code [mb, 1, T]} array as {@code [mb][T]}. */
    static float[][] rows(INDArray rank3) {
        assertEquals(3, rank3.rank());
        assertEquals(1, rank3.size(1));
        return rank3.reshape('c', rank3.size(0), rank3.size(2)).toFloatMatrix();
    }

    static void assertShape(INDArray array, long... shape) {
        assertArrayEquals(shape, array.shape());
        assertEquals(DataType.FLOAT, array.dataType());
        assertEquals('c', array.ordering());
    }
}
