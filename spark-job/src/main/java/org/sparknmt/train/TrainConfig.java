package org.sparknmt.train;

import org.sparknmt.config.ConfigException;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.eval.BleuTokenizer;
import org.sparknmt.nn.ModelConfig;

import org.apache.spark.storage.StorageLevel;

import java.io.Serializable;

import static org.sparknmt.config.Checks.atLeast;
import static org.sparknmt.config.Checks.inRange;
import static org.sparknmt.config.Checks.notBlank;
import static org.sparknmt.config.Checks.oneOf;

/** The train stage's resolved configuration; defaults and meanings in {@code train-defaults.yaml}. */
public record TrainConfig(String master, String prep, String run, int epochs, long maxSteps, int averagingFrequency,
                          int workerPrefetch, int partitions, String repartition, String repartitionStrategy,
                          String storageLevel, long seed, int logEverySteps, Checkpoint checkpoint,
                          Validation validation, ModelConfig model, String initFrom, boolean memoryCheck,
                          String learningRateScaling)
        implements Serializable {

    public TrainConfig {
        initFrom = initFrom == null ? "" : initFrom;
        notBlank("master", master);
        notBlank("prep", prep);
        notBlank("run", run);
        atLeast("epochs", epochs, 1);
        atLeast("maxSteps", maxSteps, 0);
        atLeast("averagingFrequency", averagingFrequency, 1);
        atLeast("workerPrefetch", workerPrefetch, 0);
        atLeast("partitions", partitions, 0);
        oneOf("repartition", repartition, TrainingMasters.REPARTITION.keySet());
        oneOf("repartitionStrategy", repartitionStrategy, TrainingMasters.STRATEGY.keySet());
        try {
            StorageLevel.fromString(storageLevel);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid("storageLevel", storageLevel,
                    "a Spark storage level such as MEMORY_AND_DISK_SER, MEMORY_ONLY_SER, DISK_ONLY");
        }
        atLeast("logEverySteps", logEverySteps, 1);
        LearningRateScaling.of(learningRateScaling);
        if (model == null) {
            throw new ConfigException("model: section missing");
        }
    }

    public record Checkpoint(int everySteps, double everyMinutes, int keepLast, int averageLast) implements Serializable {
        public Checkpoint {
            atLeast("checkpoint.everySteps", everySteps, 0);
            inRange("checkpoint.everyMinutes", everyMinutes, 0.0, 100_000.0);
            atLeast("checkpoint.keepLast", keepLast, 1);
            atLeast("checkpoint.averageLast", averageLast, 0);
            if (averageLast > keepLast) {
                throw ConfigException.invalid("checkpoint.averageLast", averageLast, "exceeds checkpoint.keepLast ("
                        + keepLast + "): keep at least as many checkpoints as are averaged");
            }
        }
    }

    public record Validation(int maxSentences, int beam, BleuTokenizer tokenize, int patience, int decayPatience,
                             double plateauDecay) implements Serializable {
        public Validation {
            atLeast("validation.decayPatience", decayPatience, 0);
            atLeast("validation.maxSentences", maxSentences, 0);
            atLeast("validation.beam", beam, 1);
            atLeast("validation.patience", patience, 0);
            inRange("validation.plateauDecay", plateauDecay, 0.01, 1.0);
            if (tokenize == null) {
                throw ConfigException.invalid("validation.tokenize", null, "allowed: " + BleuTokenizer.names());
            }
        }
    }

    /** Parameter-averaging workers: {@code partitions}, or Spark's default parallelism when that is 0. */
    public int workers(org.apache.spark.api.java.JavaSparkContext sc) {
        return partitions > 0 ? partitions : sc.defaultParallelism();
    }

    /** How the learning rate follows the number of workers. */
    public LearningRateScaling lrScaling() {
        return LearningRateScaling.of(learningRateScaling);
    }

    /** The storage level of the batch RDDs, which DL4J's Direct approach requires to equal the master's. */
    public StorageLevel batchStorage() {
        return StorageLevel.fromString(storageLevel);
    }

    /** Train defaults with the model defaults as the {@code model} section. */
    public static ConfigTree defaults() {
        return ConfigTree.defaults(TrainConfig.class, "train-defaults.yaml").withSection("model", ModelConfig.defaults());
    }
}
