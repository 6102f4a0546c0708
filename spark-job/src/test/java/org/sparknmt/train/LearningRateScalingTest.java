package org.sparknmt.train;

import org.junit.jupiter.api.Test;
import org.sparknmt.config.ConfigException;
import org.sparknmt.config.ConfigTree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The learning rate follows the workers as learningRateScaling says, and a bad value names the choices. */
class LearningRateScalingTest {

    @Test
    void scalesTheModelsRateByTheWorkers() {
        assertEquals(1.0, LearningRateScaling.NONE.factor(8));
        assertEquals(2.0, LearningRateScaling.SQRT.factor(4), 1e-12);
        assertEquals(8.0, LearningRateScaling.LINEAR.factor(8));
        ConfigTree tree = TrainConfig.defaults().set("prep", "p").set("run", "r").set("model.warmupSteps", "100");
        TrainConfig cfg = tree.bind(TrainConfig.class);
        assertEquals(LearningRateScaling.LINEAR, cfg.lrScaling(), "the default");
        TrainConfig scaled = cfg.lrScaling().apply(tree, cfg.model(), 4).bind(TrainConfig.class);
        assertEquals(4 * cfg.model().learningRate(), scaled.model().learningRate(), 1e-12);
        assertEquals(25, scaled.model().warmupSteps(), "as many sentences of warm-up as one worker's 100 steps");
        assertSame(tree, LearningRateScaling.LINEAR.apply(tree, cfg.model(), 1), "one worker: as configured");
        assertSame(tree, LearningRateScaling.NONE.apply(tree, cfg.model(), 8));
        ConfigTree scaledTree = cfg.lrScaling().apply(tree, cfg.model(), 4);
        TrainConfig back = cfg.lrScaling().undo(scaledTree, scaled.model(), 4).bind(TrainConfig.class);
        assertEquals(cfg.model().learningRate(), back.model().learningRate(), 1e-15, "undo gives one worker's rate");
        assertEquals(100, back.model().warmupSteps());
        ConfigException bad = assertThrows(ConfigException.class,
                () -> tree.set("learningRateScaling", "cubic").bind(TrainConfig.class));
        assertTrue(bad.getMessage().contains("learningRateScaling") && bad.getMessage().contains("none, sqrt, linear"),
                bad.getMessage());
    }
}
