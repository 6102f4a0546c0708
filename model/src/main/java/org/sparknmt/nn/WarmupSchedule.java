package org.sparknmt.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linear learning-rate warm-up over {@code numIter} iterations, then the base schedule: at iteration i the rate is
 * {@code base(i) * min(1, (i + 1) / numIter)}. Numerically the same as ND4J's {@code RampSchedule}, which cannot
 * be read back from a saved network's JSON: it is written as an empty object (its fields have no getters) and read
 * with no creator, so a bundle trained with warm-up did not load. The saved JSON names this class: keep its name and
 * package stable. {@link #repairJson} restores bundles written with RampSchedule from the schedule their
 * {@code model.yaml} describes.
 */
public final class WarmupSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;
    private static final Pattern EMPTY_RAMP =
            Pattern.compile("\\{\\s*\"@class\"\\s*:\\s*\"org\\.nd4j\\.linalg\\.schedule\\.RampSchedule\"\\s*}");

    @JsonProperty("baseSchedule")
    private final ISchedule baseSchedule;
    @JsonProperty("numIter")
    private final int numIter;

    @JsonCreator
    public WarmupSchedule(@JsonProperty("baseSchedule") ISchedule baseSchedule, @JsonProperty("numIter") int numIter) {
        if (numIter < 1) {
            throw new IllegalArgumentException("warm-up needs at least one iteration, got " + numIter);
        }
        this.baseSchedule = baseSchedule;
        this.numIter = numIter;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double base = baseSchedule.valueAt(iteration, epoch);
        return iteration >= numIter - 1 ? base : base * (iteration + 1) / numIter;
    }

    @Override
    public ISchedule clone() {
        return new WarmupSchedule(baseSchedule.clone(), numIter);
    }

    /** Whether a saved network configuration holds ND4J's RampSchedule (written as an empty, unreadable object). */
    public static boolean needsRepair(String networkJson) {
        return EMPTY_RAMP.matcher(networkJson).find();
    }

    /** The configuration with every RampSchedule replaced by {@code schedule} (the one training used). */
    public static String repairJson(String networkJson, ISchedule schedule) {
        try {
            String json = NeuralNetConfiguration.mapper().writeValueAsString(schedule);
            return EMPTY_RAMP.matcher(networkJson).replaceAll(Matcher.quoteReplacement(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the schedule " + schedule + " as JSON", e);
        }
    }
}
