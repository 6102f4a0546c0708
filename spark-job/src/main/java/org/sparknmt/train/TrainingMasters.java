package org.sparknmt.train;

import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;

/** DL4J's parameter-averaging training master as the trainer (and its benchmark) configure it. */
final class TrainingMasters {
    /** Direct approach: DL4J requires the batch RDD persisted at this storage level. */
    static final StorageLevel BATCH_STORAGE = StorageLevel.MEMORY_AND_DISK_SER();

    private TrainingMasters() {
    }

    static ParameterAveragingTrainingMaster parameterAveraging(TrainConfig cfg, int partitions, int batchSize) {
        return new ParameterAveragingTrainingMaster.Builder(partitions, batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(cfg.averagingFrequency())
                .workerPrefetchNumBatches(cfg.workerPrefetch())
                .saveUpdater(true) // FACTS.md: the builder's default is false despite its javadoc; Adam needs it
                .rngSeed(cfg.seed())
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(BATCH_STORAGE)
                .build();
    }
}
