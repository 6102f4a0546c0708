package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Element access, in C order, to the memory of a whole (not a view) C-ordered FLOAT or DOUBLE array, for the
 * single-pass Java loops of our layers where ND4J would need one native call per operation.
 *
 * <p>An NIO view of ND4J memory does not keep the array alive: once the array is unreachable, the garbage collector
 * may free its memory while the view is still read (a JVM crash, or silently wrong values). A {@code Cells} holds its
 * array, so the array lives as long as the {@code Cells} is used; a caller of {@link #floats} must itself keep the
 * array reachable ({@link java.lang.ref.Reference#reachabilityFence}) until it is done with the buffer.
 */
interface Cells {
    double get(int i);

    void set(int i, double v);

    static Cells of(INDArray a) {
        if (a == null || a.ordering() != 'c' || a.isView() || a.offset() != 0
                || (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE)) {
            throw new IllegalArgumentException("needs a whole C-ordered FLOAT or DOUBLE array, got "
                    + (a == null ? "null" : a.shapeInfoToString()));
        }
        return a.dataType() == DataType.FLOAT ? new FloatCells(a.data().asNioFloat(), a)
                : new DoubleCells(a.data().asNioDouble(), a);
    }

    /** Whether all are FLOAT (each must still pass {@link #of}'s checks when used). */
    static boolean allFloat(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT) {
                return false;
            }
        }
        return true;
    }

    /**
     * The memory of a whole C-ordered FLOAT array, checked as {@link #of} checks it. The buffer does not keep
     * {@code a} alive: fence {@code a} after the buffer's last use.
     */
    static FloatBuffer floats(INDArray a) {
        if (!(of(a) instanceof FloatCells cells)) {
            throw new IllegalArgumentException("needs a FLOAT array, got " + a.dataType());
        }
        return cells.b();
    }

    /** {@code owner} is the array whose memory {@code b} is: held only to keep that memory allocated. */
    record FloatCells(FloatBuffer b, INDArray owner) implements Cells {
        public double get(int i) {
            return b.get(i);
        }

        public void set(int i, double v) {
            b.put(i, (float) v);
        }
    }

    /** {@code owner} is the array whose memory {@code b} is: held only to keep that memory allocated. */
    record DoubleCells(DoubleBuffer b, INDArray owner) implements Cells {
        public double get(int i) {
            return b.get(i);
        }

        public void set(int i, double v) {
            b.put(i, v);
        }
    }
}
