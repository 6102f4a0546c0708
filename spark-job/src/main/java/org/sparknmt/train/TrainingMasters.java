package org.sparknmt.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.deeplearning4j.spark.util.SparkUtils;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

/** DL4J's parameter-averaging training master as the trainer (and its benchmark) configure it. */
final class TrainingMasters {
    /** The default storage level of the batch RDDs (DL4J's Direct approach requires the master's level). */
    static final StorageLevel BATCH_STORAGE = StorageLevel.MEMORY_AND_DISK_SER();
    static final Map<String, Repartition> REPARTITION = Map.of("always", Repartition.Always, "never", Repartition.Never,
            "whenWorkersDiffer", Repartition.NumPartitionsWorkersDiffers);
    static final Map<String, RepartitionStrategy> STRATEGY = Map.of("balanced", RepartitionStrategy.Balanced,
            "approximateBalanced", RepartitionStrategy.ApproximateBalanced, "sparkDefault", RepartitionStrategy.SparkDefault);

    private TrainingMasters() {
    }

    static ParameterAveragingTrainingMaster parameterAveraging(TrainConfig cfg, int partitions, int batchSize) {
        return new CountingMaster(builder(cfg.averagingFrequency(), cfg.workerPrefetch(), cfg.seed(), partitions, batchSize)
                .repartionData(REPARTITION.get(cfg.repartition()))
                .repartitionStrategy(STRATEGY.get(cfg.repartitionStrategy()))
                .storageLevel(cfg.batchStorage()), true);
    }

    static ParameterAveragingTrainingMaster parameterAveraging(int averagingFrequency, int workerPrefetch, long seed,
                                                               int partitions, int batchSize) {
        return parameterAveraging(averagingFrequency, workerPrefetch, seed, partitions, batchSize, true);
    }

    /**
     * As above; {@code resultsInMemory} false makes even workers in the driver's JVM send their results through
     * Spark, serialized, as workers elsewhere do (tests compare the two).
     */
    static ParameterAveragingTrainingMaster parameterAveraging(int averagingFrequency, int workerPrefetch, long seed,
                                                               int partitions, int batchSize, boolean resultsInMemory) {
        return new CountingMaster(builder(averagingFrequency, workerPrefetch, seed, partitions, batchSize),
                resultsInMemory);
    }

    /**
     * Batches of the prep output are the workers' minibatches (batch size per worker = prep's batch.size). Always
     * the Direct approach: the export/path-based fit of dl4j-spark M2 passes a null graph to ComputationGraph workers.
     */
    private static ParameterAveragingTrainingMaster.Builder builder(int averagingFrequency, int workerPrefetch,
                                                                    long seed, int partitions, int batchSize) {
        return new ParameterAveragingTrainingMaster.Builder(partitions, batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(workerPrefetch)
                .saveUpdater(true) // FACTS.md: the builder's default is false despite its javadoc; Adam needs it
                .rngSeed(seed)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(BATCH_STORAGE);
    }

    /**
     * The stock master, except that each averaging round's workers continue from the driver's iteration and epoch
     * counts ({@link CarryCounters}), fit each batch whole ({@link FitWholeBatches}; the stock worker function
     * re-cuts batches to {@code batchSizePerWorker} examples), and the driver's iteration count advances by the steps
     * the busiest worker made, each round's broadcast is destroyed when the round ends ({@link RoundBroadcast}), and
     * the results of workers in the driver's JVM come back in memory, not serialized ({@link LocalResults}), averaged
     * in place into the driver's network ({@link RoundAverage}; dl4j-spark's training stats and stats-storage
     * listener data, which the stock aggregate carries, are not collected: the trainer uses neither).
     * The stock round adds {@code averagingFrequency} whatever the workers did: a round is a
     * random split of about {@code workers x averagingFrequency} batches, and an epoch's last round is often much
     * smaller, so the count (the learning-rate schedule's and Adam's step) ran ahead: 1,400 at step 1,127 of a
     * Multi30k run with 161 batches an epoch and {@code averagingFrequency} 40. It runs on the driver only; the
     * workers it creates are the stock ones.
     */
    static final class CountingMaster extends ParameterAveragingTrainingMaster {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(CountingMaster.class);

        private final boolean resultsInMemory;

        CountingMaster(ParameterAveragingTrainingMaster.Builder builder, boolean resultsInMemory) {
            super(builder);
            this.resultsInMemory = resultsInMemory;
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

        /** One averaging round: the stock round's repartition and averaging around {@link FitWholeBatches}. */
        @Override
        protected void doIteration(SparkComputationGraph graph, JavaRDD<MultiDataSet> split, int splitNum,
                                   int numSplits) {
            if (collectTrainingStats) {
                stats.logMapPartitionsStart();
            }
            JavaRDD<MultiDataSet> parts = SparkUtils.repartition(split, repartition, repartitionStrategy,
                    numObjectsEachWorker(rddDataSetNumExamples), numWorkers);
            int partitions = parts.partitions().size();
            var conf = graph.getNetwork().getConfiguration();
            int before = conf.getIterationCount();
            CollectionAccumulator<Integer> steps = split.context().collectionAccumulator("steps per worker");
            ParameterAveragingTrainingWorker worker = getWorkerInstance(graph);
            try {
                var fit = new FitWholeBatches(worker, steps, resultsInMemory ? LocalResults.JVM : null,
                        UUID.randomUUID().toString());
                OptionalDouble score = RoundAverage.apply(graph.getNetwork(), parts.mapPartitions(fit).collect());
                score.ifPresentOrElse(graph::setScore,
                        () -> LOG.info("Skipping round {} of {}: no worker had data", splitNum, numSplits));
            } finally {
                RoundBroadcast.release(worker); // the stock master keeps every round's copy
                LocalResults.clear(); // what a failed round parked
            }
            // max, not sum: the workers step in parallel; a retried task adds its count again, which max ignores
            conf.setIterationCount(before + steps.value().stream().mapToInt(Integer::intValue).max().orElse(0));
            if (collectTrainingStats) {
                stats.logMapPartitionsEnd(partitions);
            }
        }
    }
}
