package org.sparknmt.train;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.sparknmt.batch.BatchBuilder;
import org.sparknmt.batch.EncodedPair;
import org.sparknmt.nn.ModelConfig;
import org.sparknmt.nn.Seq2SeqNetwork;
import org.sparknmt.spark.ArrayRegistrator;
import org.sparknmt.spark.KryoSetup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workers must continue from the driver's iteration count (dl4j-spark's configuration clone drops it). A learning
 * rate of 0.01 that becomes exactly 0 at iteration 10 shows it: 20 batches over 2 workers take the driver to
 * iteration 10, after which further batches must leave the parameters bit for bit unchanged. With the stock
 * master every round restarted at iteration 0 and kept learning at 0.01. With the parameters frozen, the training
 * loss the workers report ({@link TrainLoss}, label smoothing included) equals the driver's own training loss over
 * the same batches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainingMastersTest {
    private static final int BATCH = 8;
    private JavaSparkContext sc;

    @BeforeAll
    void spark() {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("training-masters-test")
                .set("spark.ui.enabled", "false").set("spark.kryo.registrator", ArrayRegistrator.class.getName());
        KryoSetup.apply(conf);
        sc = new JavaSparkContext(conf);
    }

    @AfterAll
    void stop() {
        sc.close();
    }

    @Test
    void workersContinueFromTheDriversIterationCount() {
        ComputationGraph graph = Seq2SeqNetwork.build(ModelConfig.defaults().set("embedding=8").set("hidden=16")
                .set("attention=false").bind(ModelConfig.class), 12, 12); // setLearningRate does not reach the attention vertex
        graph.setLearningRate(new MapSchedule(ScheduleType.ITERATION, Map.of(0, 0.01, 10, 0.0)));
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph,
                TrainingMasters.parameterAveraging(5, 0, 1, 2, BATCH));

        INDArray initial = spark.getNetwork().params().dup();
        fit(spark, batches(20, 1));
        assertEquals(10, spark.getNetwork().getConfiguration().getIterationCount(), "2 workers x 10 batches = 10");
        INDArray afterLearning = spark.getNetwork().params().dup();
        assertNotEquals(initial, afterLearning, "the first 10 iterations learn (learning rate 0.01)");

        fit(spark, batches(20, 2));
        assertEquals(afterLearning, spark.getNetwork().params(),
                "from iteration 10 the learning rate is 0: the workers must be at iteration >= 10");
        assertEquals(20, spark.getNetwork().getConfiguration().getIterationCount());

        // parameters are frozen now, so the loss the workers report must equal the driver's own over the same batches
        TrainLoss loss = new TrainLoss(sc);
        spark.getTrainingMaster().addHook(loss);
        List<MultiDataSet> more = batches(20, 3);
        loss.reset();
        fit(spark, more);
        double sum = 0;
        double tokens = 0;
        for (MultiDataSet b : more) {
            sum += spark.getNetwork().score(b, true) * b.getFeatures(0).size(0); // training's loss: smoothed, no dropout
            tokens += b.getLabelsMaskArray(0).sumNumber().doubleValue();
        }
        assertEquals(sum / tokens, loss.perToken(), 1e-4 * sum / tokens, "mean train loss per real target token");
    }

    /**
     * Prep's batches vary in size (length buckets): each must be one training step exactly as written. The stock
     * worker function re-cut them to the configured 8 rows, merging a 3-row and a 5-row batch into one step (10
     * steps instead of 20, rows seen all 8).
     */
    @Test
    void eachBatchIsOneStepAsPrepWroteIt() {
        Seen rows = new Seen(sc);
        SparkComputationGraph spark = watched(5, 2, rows);
        List<MultiDataSet> batches = new ArrayList<>();
        List<Long> written = new ArrayList<>();
        Random r = new Random(4);
        for (int b = 0; b < 20; b++) {
            int size = b % 2 == 0 ? 3 : 5;
            batches.add(batch(r, size, 3 + b % 4));
            written.add((long) size);
        }
        fit(spark, batches);

        List<Long> seen = new ArrayList<>(rows.rows.value());
        Collections.sort(seen);
        Collections.sort(written);
        assertEquals(written, seen, "rows of each step = rows of one prep batch");
        assertEquals(10, spark.getNetwork().getConfiguration().getIterationCount(), "2 workers x 10 batches each");
    }

    /**
     * The driver's iteration count (the learning-rate schedule's and Adam's step) must advance by the steps the
     * workers made, not by {@code averagingFrequency} per round: 13 batches at averagingFrequency 50 are one round in
     * which one worker makes 13 steps (a worker takes up to averagingFrequency batches). The stock master counted 50.
     */
    @Test
    void theIterationCountAdvancesByTheStepsTheWorkersMade() {
        Seen seen = new Seen(sc);
        SparkComputationGraph spark = watched(50, 0, seen);
        fit(spark, batches(13, 5));
        int first = spark.getNetwork().getConfiguration().getIterationCount();
        assertEquals(Collections.max(seen.counts.value()), first, "the busiest worker's count");
        assertEquals(13, first, "one round, all 13 batches on one worker");

        fit(spark, batches(13, 6));
        assertEquals(26, spark.getNetwork().getConfiguration().getIterationCount());
    }

    /**
     * dl4j-spark broadcasts the parameters and updater state anew every round and never destroys them, so Spark kept
     * every round's copy until its cleaner or eviction got to it; {@link RoundBroadcast} destroys a round's when it ends.
     */
    @Test
    void aRoundsBroadcastIsDestroyedWhenItsWorkerIsReleased() {
        SparkComputationGraph spark = watched(5, 0, new Seen(sc));
        ParameterAveragingTrainingWorker worker =
                ((ParameterAveragingTrainingMaster) spark.getTrainingMaster()).getWorkerInstance(spark);
        Broadcast<?> broadcast = RoundBroadcast.of(worker).orElseThrow(() -> new AssertionError(
                "dl4j-spark's worker no longer keeps its broadcast where RoundBroadcast reads it"));
        assertNotNull(broadcast.value(), "usable during the round");
        RoundBroadcast.release(worker);
        Exception e = assertThrows(Exception.class, broadcast::value);
        assertTrue(String.valueOf(e.getMessage()).contains("destroyed"), e.toString());
    }

    /**
     * In local mode the workers' results (parameters and Adam state) stay in memory ({@link LocalResults}): every
     * task result Spark moves is a few hundred bytes, where serialized results (as from executors elsewhere) are
     * larger than the parameters; and both average to the same network, Adam state and score.
     */
    @Test
    void inLocalModeResultsStayInMemoryAndAverageAsTheStockAggregateDoes() throws Exception {
        ComputationGraph initial = Seq2SeqNetwork.build(ModelConfig.defaults().set("embedding=8").set("hidden=16")
                .bind(ModelConfig.class), 12, 12);
        long parameterBytes = initial.params().length() * 4;
        List<MultiDataSet> data = batches(20, 7);
        List<Long> sizes = Collections.synchronizedList(new ArrayList<>());
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null && end.taskType().startsWith("Result")) {
                    sizes.add(end.taskMetrics().resultSize());
                }
            }
        };
        sc.sc().addSparkListener(listener);
        try {
            SparkComputationGraph inMemory = new SparkComputationGraph(sc, initial.clone(),
                    TrainingMasters.parameterAveraging(5, 0, 1, 2, BATCH));
            fit(inMemory, data);
            sc.sc().listenerBus().waitUntilEmpty();
            assertFalse(sizes.isEmpty());
            assertTrue(sizes.stream().allMatch(b -> b < 2_000), "in-memory results: " + sizes);

            sizes.clear();
            SparkComputationGraph shipped = new SparkComputationGraph(sc, initial.clone(),
                    TrainingMasters.parameterAveraging(5, 0, 1, 2, BATCH, false));
            fit(shipped, data);
            sc.sc().listenerBus().waitUntilEmpty();
            assertTrue(sizes.stream().anyMatch(b -> b > parameterBytes), "serialized results: " + sizes);

            assertTrue(shipped.getNetwork().params().equalsWithEps(inMemory.getNetwork().params(), 1e-6),
                    "the same averaged parameters either way");
            assertTrue(shipped.getNetwork().getUpdater().getStateViewArray()
                    .equalsWithEps(inMemory.getNetwork().getUpdater().getStateViewArray(), 1e-6), "and Adam state");
            assertEquals(shipped.getScore(), inMemory.getScore(), 1e-6, "and score");
            assertEquals(0, LocalResults.parkedCount(), "every parked result taken");
        } finally {
            sc.sc().removeSparkListener(listener);
        }
    }

    /** Executor code: records the rows of every minibatch a worker trains on, and its iteration count after it. */
    private static final class Seen extends NoOpHook {
        private static final long serialVersionUID = 1L;
        private final CollectionAccumulator<Long> rows;
        private final CollectionAccumulator<Integer> counts;

        Seen(JavaSparkContext sc) {
            this.rows = sc.sc().collectionAccumulator("rows seen");
            this.counts = sc.sc().collectionAccumulator("counts seen");
        }

        @Override
        public void preUpdate(MultiDataSet minibatch, Model model) {
            rows.add(minibatch.getFeatures(0).size(0));
        }

        @Override
        public void postUpdate(MultiDataSet minibatch, Model model) {
            counts.add(((ComputationGraph) model).getConfiguration().getIterationCount());
        }
    }

    /** A small attention model on 2 workers of our master, with {@code hook} on every worker step. */
    private SparkComputationGraph watched(int averagingFrequency, int prefetch, Seen hook) {
        ComputationGraph graph = Seq2SeqNetwork.build(ModelConfig.defaults().set("embedding=8").set("hidden=16")
                .bind(ModelConfig.class), 12, 12);
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph,
                TrainingMasters.parameterAveraging(averagingFrequency, prefetch, 1, 2, BATCH));
        spark.getTrainingMaster().addHook(hook);
        return spark;
    }

    private void fit(SparkComputationGraph spark, List<MultiDataSet> batches) {
        var rdd = sc.parallelize(batches, 2).persist(TrainingMasters.BATCH_STORAGE);
        spark.fitMultiDataSet(rdd);
        rdd.unpersist(false);
    }

    private static List<MultiDataSet> batches(int count, long seed) {
        Random r = new Random(seed);
        List<MultiDataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            out.add(batch(r, BATCH, 3 + r.nextInt(4)));
        }
        return out;
    }

    /** {@code size} pairs whose longest target has {@code longest} tokens. */
    private static MultiDataSet batch(Random r, int size, int longest) {
        List<EncodedPair> pairs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            pairs.add(new EncodedPair(i, ids(r, 3 + r.nextInt(4)), ids(r, i == 0 ? longest : 3)));
        }
        return new BatchBuilder().build(pairs);
    }

    private static int[] ids(Random r, int length) {
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 4 + r.nextInt(8);
        }
        return ids;
    }
}
