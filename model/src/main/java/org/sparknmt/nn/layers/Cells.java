package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Element access, in C order, to the memory of a whole (not a view) C-ordered FLOAT or DOUBLE array, for the
 * single-pass Java loops of our layers where ND4J would need one native call per operation.
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
        return a.dataType() == DataType.FLOAT ? new FloatCells(a.data().asNioFloat()) : new DoubleCells(a.data().asNioDouble());
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

    /** The memory of a whole C-ordered FLOAT array, checked as {@link #of} checks it. */
    static FloatBuffer floats(INDArray a) {
        if (!(of(a) instanceof FloatCells cells)) {
            throw new IllegalArgumentException("needs a FLOAT array, got " + a.dataType());
        }
        return cells.b();
    }

    record FloatCells(FloatBuffer b) implements Cells {
        public double get(int i) {
            return b.get(i);
        }

        public void set(int i, double v) {
            b.put(i, (float) v);
        }
    }

    record DoubleCells(DoubleBuffer b) implements Cells {
        public double get(int i) {
            return b.get(i);
        }

        public void set(int i, double v) {
            b.put(i, v);
        }
    }
}
