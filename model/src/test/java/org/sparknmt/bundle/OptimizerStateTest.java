package org.sparknmt.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.MultiDataSet;

/** A loaded bundle resumes training exactly: the next Adam step is the one the original network would take. */
class OptimizerStateTest {
    private final MultiDataSet batch = Fixtures.batch();
    private final ComputationGraph inMemory = Fixtures.trained(5);
    private final byte[] written = Fixtures.bytes(Fixtures.bundle(inMemory, Fixtures.perSide()));

    @Test
    void theNextStepFromALoadedBundleEqualsTheNextStepInMemory() throws IOException {
        ComputationGraph loaded = Fixtures.read(written, "b.zip").network();

        inMemory.fit(batch);
        loaded.fit(batch);

        assertEquals(inMemory.score(), loaded.score(), 1e-6);
        assertEquals(inMemory.score(batch), loaded.score(batch), 1e-6, "loss after the step");
        assertArrayEquals(inMemory.params().toFloatVector(), loaded.params().toFloatVector(), 1e-6f);
        assertArrayEquals(inMemory.getUpdater().getStateViewArray().toFloatVector(),
                loaded.getUpdater().getStateViewArray().toFloatVector(), 1e-6f);
    }

    /** The control that shows the test above can fail: without the saved Adam moments, the next step differs. */
    @Test
    void withoutTheUpdaterStateTheNextStepDiffers() throws IOException {
        byte[] networkZip = Fixtures.unzip(written).get("network.zip");
        ComputationGraph withoutState = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(networkZip), false);
        assertArrayEquals(inMemory.params().toFloatVector(), withoutState.params().toFloatVector());

        inMemory.fit(batch);
        withoutState.fit(batch);

        assertEquals(inMemory.score(), withoutState.score(), 1e-6, "score() after fit is the loss before the update");
        double after = inMemory.score(batch);
        double afterWithoutState = withoutState.score(batch);
        assertTrue(Math.abs(after - afterWithoutState) > 1e-4, after + " vs " + afterWithoutState);
        assertTrue(maxAbsDifference(inMemory.params().toFloatVector(), withoutState.params().toFloatVector()) > 1e-4);
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
