package org.sparknmt.train;

import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

import java.util.ArrayList;
import java.util.List;

/** DL4J's parameter-averaging training master as the trainer (and its benchmark) configure it. */
final class TrainingMasters {
    /** Direct approach: DL4J requires the batch RDD persisted at this storage level. */
    static final StorageLevel BATCH_STORAGE = StorageLevel.MEMORY_AND_DISK_SER();

    private TrainingMasters() {
    }

    static ParameterAveragingTrainingMaster parameterAveraging(TrainConfig cfg, int partitions, int batchSize) {
        return parameterAveraging(cfg.averagingFrequency(), cfg.workerPrefetch(), cfg.seed(), partitions, batchSize);
    }

    static ParameterAveragingTrainingMaster parameterAveraging(int averagingFrequency, int workerPrefetch, long seed,
                                                               int partitions, int batchSize) {
        return new CountingMaster(new ParameterAveragingTrainingMaster.Builder(partitions, batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(workerPrefetch)
                .saveUpdater(true) // FACTS.md: the builder's default is false despite its javadoc; Adam needs it
                .rngSeed(seed)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(BATCH_STORAGE));
    }

    /**
     * The stock master, except that each averaging round's workers continue from the driver's iteration and epoch
     * counts ({@link CarryCounters}). It runs on the driver only; the workers it creates are the stock ones.
     */
    static final class CountingMaster extends ParameterAveragingTrainingMaster {
        private static final long serialVersionUID = 1L;

        CountingMaster(ParameterAveragingTrainingMaster.Builder builder) {
            super(builder);
        }

        @Override
        public ParameterAveragingTrainingWorker getWorkerInstance(SparkComputationGraph network) {
            var conf = network.getNetwork().getConfiguration();
            List<TrainingHook> hooks = new ArrayList<>();
            if (trainingHookList != null) {
                trainingHookList.stream().filter(h -> !(h instanceof CarryCounters)).forEach(hooks::add);
            }
            hooks.add(new CarryCounters(conf.getIterationCount(), conf.getEpochCount()));
            trainingHookList = hooks;
            return super.getWorkerInstance(network);
        }
    }
}
