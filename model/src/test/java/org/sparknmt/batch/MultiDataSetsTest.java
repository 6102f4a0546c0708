package org.sparknmt.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparknmt.batch.BatchBuilderTest.assertShape;
import static org.sparknmt.batch.BatchBuilderTest.rows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.MultiDataSet;

class MultiDataSetsTest {

    private final MultiDataSet original = new BatchBuilder().build(BatchBuilderTest.PAIRS);

    @Test
    void roundTripKeepsEveryArrayAndMask() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MultiDataSets.write(original, bytes);
        MultiDataSet copy = MultiDataSets.read(new ByteArrayInputStream(bytes.toByteArray()));

        assertEquals(2, copy.numFeatureArrays());
        assertEquals(1, copy.numLabelsArrays());
        assertShape(copy.getFeatures(0), 3, 1, 4);
        assertShape(copy.getFeatures(1), 3, 1, 5);
        assertShape(copy.getLabels(0), 3, 1, 5);
        assertShape(copy.getFeaturesMaskArray(0), 3, 4);
        assertShape(copy.getFeaturesMaskArray(1), 3, 5);
        assertShape(copy.getLabelsMaskArray(0), 3, 5);
        assertArrayEquals(rows(original.getFeatures(0)), rows(copy.getFeatures(0)));
        assertArrayEquals(rows(original.getFeatures(1)), rows(copy.getFeatures(1)));
        assertArrayEquals(rows(original.getLabels(0)), rows(copy.getLabels(0)));
        assertArrayEquals(original.getFeaturesMaskArray(0).toFloatMatrix(), copy.getFeaturesMaskArray(0).toFloatMatrix());
        assertArrayEquals(original.getFeaturesMaskArray(1).toFloatMatrix(), copy.getFeaturesMaskArray(1).toFloatMatrix());
        assertArrayEquals(original.getLabelsMaskArray(0).toFloatMatrix(), copy.getLabelsMaskArray(0).toFloatMatrix());
        assertEquals(original, copy);
    }

    @Test
    void writesExactlyWhatNd4jSaveWrites() throws IOException {
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        MultiDataSets.write(original, ours);
        ByteArrayOutputStream nd4j = new ByteArrayOutputStream();
        original.save(nd4j);
        assertArrayEquals(nd4j.toByteArray(), ours.toByteArray());
    }

    @Test
    void readsWhatTheDl4jLoaderPathReads() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MultiDataSets.write(original, bytes);
        MultiDataSet viaLoad = new MultiDataSet();
        viaLoad.load(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(original, viaLoad);
    }

    @Test
    void writeLeavesTheStreamOpenAndFlushed() throws IOException {
        CloseTrackingOutputStream out = new CloseTrackingOutputStream();
        MultiDataSets.write(original, out);
        assertFalse(out.closed);
        assertTrue(out.size() > 0);
    }

    @Test
    void readLeavesTheStreamOpen() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MultiDataSets.write(original, bytes);
        CloseTrackingInputStream in = new CloseTrackingInputStream(bytes.toByteArray());
        assertEquals(original, MultiDataSets.read(in));
        assertFalse(in.closed);
    }

    private static final class CloseTrackingOutputStream extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class CloseTrackingInputStream extends ByteArrayInputStream {
        boolean closed;

        CloseTrackingInputStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
