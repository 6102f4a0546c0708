package org.sparknmt.bundle;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknmt.nn.LearningRates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoint averaging: the mean parameters on the newest bundle, which round-trips; mismatched bundles refused. */
class ParameterAverageTest {

    @Test
    void theResultIsTheNewestBundleWithTheMeanParameters() throws Exception {
        ComputationGraph a = Fixtures.trained(1);
        ComputationGraph b = Fixtures.trained(3);
        ComputationGraph c = Fixtures.trained(5);
        float[] expected = a.params().add(b.params()).add(c.params()).div(3).toFloatVector();
        INDArray newestUpdater = c.getUpdater().getStateViewArray().dup();
        Bundle newest = bundle(c, 5);
        ParameterAverage average = new ParameterAverage().add(bundle(a, 1), "a").add(newest, "c").add(bundle(b, 3), "b");
        Bundle result = average.result();
        assertEquals(3, average.count());
        assertEquals("c", average.newestName());
        assertSame(newest, result, "the newest bundle carries the result");
        assertArrayEquals(expected, result.network().params().toFloatVector(), 1e-6f);
        assertEquals(newestUpdater, result.network().getUpdater().getStateViewArray(), "the newest optimizer state");
        Bundle back = Fixtures.read(Fixtures.bytes(result), "averaged");
        assertArrayEquals(expected, back.network().params().toFloatVector(), 1e-6f, "written and read back");
        assertEquals(5, back.state().step());
    }

    @Test
    void checkpointsAcrossAPlateauDecayAverage() {
        ComputationGraph before = Fixtures.trained(2);
        ComputationGraph after = Fixtures.trained(3);
        LearningRates.set(after, 0.0005); // what validation.plateauDecay does between two checkpoints
        float[] expected = before.params().add(after.params()).div(2).toFloatVector();
        Bundle result = new ParameterAverage().add(bundle(before, 2), "before").add(bundle(after, 3), "after").result();
        assertArrayEquals(expected, result.network().params().toFloatVector(), 1e-6f);
    }

    @Test
    void bundlesOfDifferentRunsAreRefusedNamingThem() {
        ParameterAverage average = new ParameterAverage().add(bundle(Fixtures.trained(1), 1), "first.bundle");
        Bundle otherShape = new Bundle(Fixtures.network(Fixtures.SOURCE_SIZE + 1, Fixtures.TARGET_SIZE),
                Fixtures.vocab("▁源", Fixtures.SOURCE_SIZE - 3, 0), Fixtures.targetVocab(), Fixtures.perSide(),
                Fixtures.MODEL_YAML, Fixtures.DATA_YAML, Fixtures.STATE, Fixtures.PROVENANCE);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> average.add(otherShape, "x.bundle"));
        assertTrue(shape.getMessage().startsWith("x.bundle has a different network") && shape.getMessage().contains("first.bundle"),
                shape.getMessage());
        Bundle otherVocab = new Bundle(Fixtures.trained(2), Fixtures.vocab("▁other", Fixtures.SOURCE_SIZE - 4, 0),
                Fixtures.targetVocab(), Fixtures.perSide(), Fixtures.MODEL_YAML, Fixtures.DATA_YAML, Fixtures.STATE,
                Fixtures.PROVENANCE);
        IllegalArgumentException vocab = assertThrows(IllegalArgumentException.class, () -> average.add(otherVocab, "y.bundle"));
        assertTrue(vocab.getMessage().startsWith("y.bundle has different vocabularies"), vocab.getMessage());
        assertThrows(IllegalStateException.class, () -> new ParameterAverage().result());
    }

    private static Bundle bundle(ComputationGraph g, long step) {
        return new Bundle(g, Fixtures.sourceVocab(), Fixtures.targetVocab(), Fixtures.perSide(), Fixtures.MODEL_YAML,
                Fixtures.DATA_YAML, new TrainingState(0, step, step, Double.NaN, 42), Fixtures.PROVENANCE);
    }
}
