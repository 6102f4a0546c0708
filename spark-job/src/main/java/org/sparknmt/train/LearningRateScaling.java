package org.sparknmt.train;

import org.sparknmt.config.ConfigException;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.nn.ModelConfig;

import java.util.Locale;

/**
 * How the learning rate follows the number of parameter-averaging workers k ({@code learningRateScaling}): with
 * Adam, k workers that each take f steps from the same point and are then averaged move about as far as one worker
 * alone, while they consumed k times the batches, so per sentence seen the run learns about k times slower
 * (bench/scale-out measures it). Scaling the learning rate with k restores much of that, up to the rate at which
 * training stays stable.
 */
public enum LearningRateScaling {
    /** The configured rate whatever k. */
    NONE,
    /** The configured rate × √k. */
    SQRT,
    /** The configured rate × k. */
    LINEAR;

    /** The factor for {@code workers} workers. */
    public double factor(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        return switch (this) {
            case NONE -> 1.0;
            case SQRT -> Math.sqrt(workers);
            case LINEAR -> workers;
        };
    }

    /** {@code learningRateScaling}'s value ({@code none}, {@code sqrt}, {@code linear}). */
    public static LearningRateScaling of(String name) {
        for (LearningRateScaling s : values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(name)) {
                return s;
            }
        }
        throw ConfigException.invalid("learningRateScaling", name, "allowed: none, sqrt, linear");
    }

    /**
     * {@code tree} with {@code model.learningRate} multiplied by {@link #factor} and {@code model.warmupSteps}
     * divided by {@code workers} (rounded): the warm-up counts each worker's steps, so this keeps it as many
     * sentences long as with one worker. The same tree for {@link #NONE} or one worker.
     */
    public ConfigTree apply(ConfigTree tree, ModelConfig model, int workers) {
        if (this == NONE || workers == 1) {
            return tree;
        }
        return tree.set("model.learningRate", Double.toString(model.learningRate() * factor(workers)))
                .set("model.warmupSteps", Long.toString(Math.round(model.warmupSteps() / (double) workers)));
    }

    /**
     * The inverse of {@link #apply}: {@code tree}'s rate and warm-up, which were trained with on {@code workers}
     * workers, as one worker's values (so that applying the scaling again gives them back, not twice scaled).
     */
    public ConfigTree undo(ConfigTree tree, ModelConfig model, int workers) {
        if (this == NONE || workers == 1) {
            return tree;
        }
        return tree.set("model.learningRate", Double.toString(model.learningRate() / factor(workers)))
                .set("model.warmupSteps", Long.toString((long) model.warmupSteps() * workers));
    }
}
