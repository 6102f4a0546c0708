package org.sparknmt.train;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingResult;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.nd4j.linalg.dataset.AsyncMultiDataSetIterator;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Executor code: one worker's part of an averaging round, one training step per prep batch, each batch as prep
 * wrote it. dl4j-spark's own worker function re-cuts a partition into batches of exactly {@code batchSizePerWorker}
 * examples (its {@code IteratorMultiDataSetIterator} merges consecutive batches and splits the one that overflows).
 * Prep's batches are bucketed by length and vary in size, so the stock function trained on mixtures of two buckets
 * padded to the longer one, made fewer steps than there were batches (the schedule's step count and the trainer's
 * disagreed), and allocated the merged arrays anew on every step. Otherwise it does what the stock function does:
 * the worker's network for the round (an idle one of this JVM's {@link WorkerNetworks} loaded with the round's
 * broadcast when there is one, else a new one), optional prefetch, the result after the last batch. Each worker adds the
 * number of steps it made to {@code steps}, from which the driver advances its iteration count, and ships its
 * result through {@link LocalResults} (in memory when it runs in the driver's JVM).
 */
final class FitWholeBatches implements FlatMapFunction<Iterator<MultiDataSet>, LocalResults.Shipped> {
    private static final long serialVersionUID = 1L;
    private final ParameterAveragingTrainingWorker worker;
    private final CollectionAccumulator<Integer> steps;
    private final String driverJvm;
    private final String round;

    /**
     * @param driverJvm the driver's {@link LocalResults#JVM}
     * @param round     this round's name, unique in the driver's life
     */
    FitWholeBatches(ParameterAveragingTrainingWorker worker, CollectionAccumulator<Integer> steps, String driverJvm,
                    String round) {
        this.worker = worker;
        this.steps = steps;
        this.driverJvm = driverJvm;
        this.round = round;
    }

    @Override
    public Iterator<LocalResults.Shipped> call(Iterator<MultiDataSet> partition) {
        if (!partition.hasNext()) {
            return Collections.emptyIterator();
        }
        WorkerConfiguration conf = worker.getDataConfiguration();
        int prefetch = conf.getPrefetchNumBatches();
        MultiDataSetIterator batches = prefetch > 0 ? new AsyncMultiDataSetIterator(new AsIs(partition), prefetch)
                : new AsIs(partition);
        Broadcast<?> broadcast = RoundBroadcast.of(worker).orElse(null);
        NetBroadcastTuple tuple = broadcast == null ? null : (NetBroadcastTuple) broadcast.getValue();
        String configuration = tuple == null ? null : WorkerNetworks.key(tuple.getGraphConfiguration());
        ComputationGraph net = tuple == null ? null : WorkerNetworks.lease(configuration, tuple, broadcast.id());
        try {
            if (net == null) {
                net = worker.getInitialModelGraph();
            }
            int max = conf.getMaxBatchesPerWorker() > 0 ? conf.getMaxBatchesPerWorker() : Integer.MAX_VALUE;
            ParameterAveragingTrainingResult result = null;
            int done = 0;
            while (result == null && done < max && batches.hasNext()) {
                MultiDataSet batch = batches.next();
                done++;
                result = worker.processMinibatch(batch, net, !batches.hasNext());
            }
            steps.add(done);
            ParameterAveragingTrainingResult last = result != null ? result : worker.getFinalResult(net);
            if (tuple != null) {
                WorkerNetworks.giveBack(configuration, net, broadcast.id()); // next round: this one's result views it
            }
            return List.of(LocalResults.ship(driverJvm, round, TaskContext.getPartitionId(), last)).iterator();
        } finally {
            if (batches instanceof AsyncMultiDataSetIterator async) {
                async.shutdown();
            }
        }
    }

    /** The partition's batches one by one, unchanged (what a prefetching iterator needs to wrap). */
    private static final class AsIs implements MultiDataSetIterator {
        private static final long serialVersionUID = 1L;
        private final transient Iterator<MultiDataSet> batches;
        private MultiDataSetPreProcessor preProcessor;

        AsIs(Iterator<MultiDataSet> batches) {
            this.batches = batches;
        }

        @Override
        public boolean hasNext() {
            return batches.hasNext();
        }

        @Override
        public MultiDataSet next() {
            MultiDataSet next = batches.next();
            if (preProcessor != null) {
                preProcessor.preProcess(next);
            }
            return next;
        }

        @Override
        public MultiDataSet next(int num) {
            throw new UnsupportedOperationException("a prep batch is fitted whole");
        }

        @Override
        public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
            this.preProcessor = preProcessor;
        }

        @Override
        public MultiDataSetPreProcessor getPreProcessor() {
            return preProcessor;
        }

        @Override
        public boolean resetSupported() {
            return false;
        }

        @Override
        public boolean asyncSupported() {
            return true;
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("a partition is read once");
        }
    }
}
