package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Random;

/** Seeded sequence batches for the layer tests: NCW input, index labels, length masks, double-precision checks. */
final class Sequences {
    private Sequences() {
    }

    /** Uniform in [-1.5·scale, 1.5·scale) roughly, {@code [mb, features, steps]}. */
    static INDArray input(DataType type, long seed, double scale, int mb, int features, int steps) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, mb, features, steps).subi(0.5).muli(scale).castTo(type);
    }

    /** Index labels {@code [mb, 1, steps]} in [0, vocab). */
    static INDArray labels(DataType type, long seed, int mb, int steps, int vocab) {
        Random r = new Random(seed);
        INDArray l = Nd4j.create(type, mb, 1, steps);
        for (int b = 0; b < mb; b++) {
            for (int t = 0; t < steps; t++) {
                l.putScalar(new int[]{b, 0, t}, r.nextInt(vocab));
            }
        }
        return l;
    }

    /** {@code [mb, steps]} with ones for the first {@code lengths[b]} steps of sequence b. */
    static INDArray mask(DataType type, int steps, int... lengths) {
        INDArray m = Nd4j.create(type, lengths.length, steps);
        for (int b = 0; b < lengths.length; b++) {
            m.get(NDArrayIndex.point(b), NDArrayIndex.interval(0, lengths[b])).assign(1);
        }
        return m;
    }

    /** Runs {@code check} with ND4J's global default type DOUBLE, which DL4J's GradientCheckUtil insists on. */
    static void inDoublePrecision(Runnable check) {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            check.run();
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }
}
