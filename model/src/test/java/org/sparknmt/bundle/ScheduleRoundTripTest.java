package org.sparknmt.bundle;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.RampSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.sparknmt.nn.WarmupSchedule;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network trained with learning-rate warm-up must load back: ND4J's RampSchedule writes JSON its own reader
 * cannot build, so the network uses WarmupSchedule, and bundles written with RampSchedule still load.
 */
class ScheduleRoundTripTest {
    private static ComputationGraph network(org.nd4j.linalg.schedule.ISchedule schedule) {
        ComputationGraph g = new ComputationGraph(Fixtures.config(Fixtures.sourceVocab().size(),
                Fixtures.targetVocab().size(), new Adam(schedule)));
        g.init();
        return g;
    }

    private static ComputationGraph roundTrip(ComputationGraph g) throws IOException {
        return Fixtures.read(Fixtures.bytes(Fixtures.bundle(g, Fixtures.perSide())), "warmup.bundle").network();
    }

    @Test
    void warmupSchedulesSurviveTheBundle() throws IOException {
        ComputationGraph g = network(new WarmupSchedule(new ExponentialSchedule(ScheduleType.ITERATION, 0.01, 0.99), 10));
        ComputationGraph back = roundTrip(g);
        assertEquals(g.getConfiguration().toJson(), back.getConfiguration().toJson());
        for (int it : new int[]{0, 4, 9, 50}) {
            g.getConfiguration().setIterationCount(it);
            back.getConfiguration().setIterationCount(it);
            assertEquals(g.getLearningRate("out"), back.getLearningRate("out"), 0.0, "iteration " + it);
        }
    }

    @Test
    void bundlesWrittenWithNd4jsRampScheduleLoadWithTheScheduleTheirModelYamlDescribes() throws IOException {
        // the bundle's model.yaml describes the schedule training used: the RampSchedule's own JSON is empty
        RampSchedule ramp = new RampSchedule(new ExponentialSchedule(ScheduleType.ITERATION, 0.01, 0.99), 10);
        ComputationGraph g = network(ramp);
        String written = g.getConfiguration().toJson();
        assertTrue(WarmupSchedule.needsRepair(written), "ND4J writes RampSchedule as an empty object");
        Bundle b = new Bundle(g, Fixtures.sourceVocab(), Fixtures.targetVocab(), Fixtures.perSide(),
                "learningRate: 0.01\ndecayRate: 0.99\nwarmupSteps: 10\n", Fixtures.DATA_YAML, Fixtures.STATE,
                Fixtures.PROVENANCE);
        ComputationGraph back = Fixtures.read(Fixtures.bytes(b), "old.bundle").network();
        assertTrue(back.getConfiguration().toJson().contains(WarmupSchedule.class.getName()));
        for (int it : new int[]{0, 3, 9, 10, 40}) {
            back.getConfiguration().setIterationCount(it);
            assertEquals(ramp.valueAt(it, 0), back.getLearningRate("out"), 1e-12, "iteration " + it);
        }
    }
}
