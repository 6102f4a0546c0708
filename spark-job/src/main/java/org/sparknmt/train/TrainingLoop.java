package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.Provenance;
import org.sparknmt.bundle.TrainingState;
import org.sparknmt.nn.LearningRates;
import org.sparknmt.nn.Seq2SeqNetwork;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The epochs of one run, from a network and the training state it starts at. Each epoch shuffles the batch files
 * with a seeded RNG and fits them in chunks of {@code logEverySteps} (cut at checkpoint, epoch and {@code maxSteps}
 * boundaries); at each checkpoint boundary it validates, saves a bundle, records metrics and lets the plateau rule
 * stop the run or decay the learning rate. The position (epoch, batches into it, step) is this object's state.
 */
final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class); // the name users find progress under

    /** What the loop needs from the run around it. */
    record Run(PrepOutput prep, List<String> train, String modelYaml, Checkpoints checkpoints, Metrics metrics,
               Validator validator, Trainer.TokenRates rates, int partitions) {
    }

    private final JavaSparkContext sc;
    private final TrainConfig cfg;
    private final Run run;
    private final SparkComputationGraph spark;
    private final TrainLoss trainLoss;
    private final LoadBatch load;
    private final Plateau plateau;
    private final long totalSteps;
    private final long progressEvery;
    private final long stepAtStart;
    private final long started = System.nanoTime();
    private ComputationGraph graph;
    private int epoch;
    private long batchesInEpoch;
    private long step;
    private boolean stop;

    TrainingLoop(JavaSparkContext sc, TrainConfig cfg, Run run, ComputationGraph graph, TrainingState state,
                 Plateau plateau, Configuration conf) {
        this.sc = sc;
        this.cfg = cfg;
        this.run = run;
        this.graph = graph;
        this.plateau = plateau;
        this.trainLoss = new TrainLoss(sc);
        var master = TrainingMasters.parameterAveraging(cfg, run.partitions(), run.rates().batchSize());
        master.addHook(trainLoss);
        this.spark = new SparkComputationGraph(sc, graph, master);
        this.load = new LoadBatch(conf);
        long steps = (long) cfg.epochs() * run.train().size();
        this.totalSteps = cfg.maxSteps() > 0 ? Math.min(steps, cfg.maxSteps()) : steps;
        long round = (long) run.partitions() * cfg.averagingFrequency();
        this.progressEvery = wholeRounds(cfg.logEverySteps(), round);
        if (progressEvery != cfg.logEverySteps()) {
            LOG.info("progress every {} batches, not logEverySteps {}: each Spark job fits whole averaging rounds of"
                    + " {} workers x {} batches (a part-round would average sooner than averagingFrequency)",
                    progressEvery, cfg.logEverySteps(), run.partitions(), cfg.averagingFrequency());
        } else if (progressEvery < round) {
            LOG.warn("logEverySteps {} is less than one averaging round ({} workers x averagingFrequency {}): the"
                    + " workers average every {} batches; raise logEverySteps to {} for the configured frequency",
                    progressEvery, run.partitions(), cfg.averagingFrequency(),
                    Math.max(1, progressEvery / run.partitions()), round);
        }
        this.epoch = state.epoch();
        this.batchesInEpoch = state.batchesInEpoch();
        this.step = state.step();
        this.stepAtStart = state.step();
    }

    /** Trains until the last epoch, {@code maxSteps} or an early stop; returns the step reached. */
    long run() throws IOException {
        try {
            while (epoch < cfg.epochs() && !stop) {
                runEpoch(shuffled(epoch));
                if (batchesInEpoch >= run.train().size()) {
                    epoch++;
                    batchesInEpoch = 0;
                }
            }
            return step;
        } finally {
            WorkerNetworks.clear(); // in local mode the workers' networks live in this JVM
        }
    }

    private List<String> shuffled(int epochIndex) {
        List<String> order = new ArrayList<>(run.train());
        Collections.shuffle(order, new Random(cfg.seed() * 1_000_003L + epochIndex));
        return order;
    }

    private void runEpoch(List<String> order) throws IOException {
        long checkpointEvery = cfg.checkpoint().everySteps() > 0 ? cfg.checkpoint().everySteps() : order.size();
        long sinceCheckpoint = 0;
        long lastCheckpointAt = System.nanoTime();
        while (batchesInEpoch < order.size() && !stop) {
            long chunk = nextChunk(order.size(), checkpointEvery - sinceCheckpoint);
            if (chunk <= 0) {
                stop = true;
                break;
            }
            double seconds = fit(order.subList((int) batchesInEpoch, (int) (batchesInEpoch + chunk)));
            batchesInEpoch += chunk;
            step += chunk;
            sinceCheckpoint += chunk;
            reportProgress(chunk, seconds);
            boolean epochDone = batchesInEpoch >= order.size();
            boolean timeUp = cfg.checkpoint().everyMinutes() > 0
                    && (System.nanoTime() - lastCheckpointAt) / 60e9 >= cfg.checkpoint().everyMinutes();
            if (sinceCheckpoint >= checkpointEvery || epochDone || timeUp || (cfg.maxSteps() > 0 && step >= cfg.maxSteps())) {
                sinceCheckpoint = 0;
                lastCheckpointAt = System.nanoTime();
                validateAndCheckpoint(epochDone);
            }
        }
    }

    /**
     * Batches per Spark job: {@code n} cut down to whole rounds of {@code round} batches when it holds at least one
     * (DL4J splits a job into rounds and makes the remainder a short round of its own), else {@code n}.
     */
    static long wholeRounds(long n, long round) {
        return n >= round ? n / round * round : n;
    }

    /** Batches to fit before the next progress line: cut at the checkpoint, the epoch's end and maxSteps. */
    private long nextChunk(int epochSize, long untilCheckpoint) {
        long chunk = Math.min(progressEvery, untilCheckpoint);
        chunk = Math.min(chunk, epochSize - batchesInEpoch);
        return cfg.maxSteps() > 0 ? Math.min(chunk, cfg.maxSteps() - step) : chunk;
    }

    /** Fits the batch files with parameter averaging; returns the seconds it took. */
    private double fit(List<String> paths) {
        // Direct approach: DL4J requires the RDD persisted at the training master's storage level.
        JavaRDD<MultiDataSet> batches = sc.parallelize(new ArrayList<>(paths), Math.min(run.partitions(), paths.size()))
                .map(load).persist(cfg.batchStorage());
        long t0 = System.nanoTime();
        trainLoss.reset();
        spark.fitMultiDataSet(batches);
        batches.unpersist(false);
        graph = spark.getNetwork();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A progress line and metrics point; a run whose loss is no longer finite stops with what to change. */
    private void reportProgress(long chunk, double seconds) throws IOException {
        double elapsed = (System.nanoTime() - started) / 1e9;
        double perStep = elapsed / Math.max(1, step - stepAtStart);
        double lossPerToken = trainLoss.perToken();
        double tokensPerSec = chunk * run.rates().targetTokensPerBatch() / seconds;
        double paddedPerSec = chunk * run.rates().paddedTargetPerBatch() / seconds;
        LOG.info(String.format(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f | %.0f tok/s (%.0f padded) | "
                        + "elapsed %s ETA %s", epoch + 1, cfg.epochs(), step, totalSteps, lossPerToken,
                tokensPerSec, paddedPerSec, Durations.hms(elapsed), Durations.hms(perStep * (totalSteps - step))));
        run.metrics().add(new Metrics.TrainPoint(epoch + 1, step, lossPerToken, tokensPerSec, paddedPerSec, elapsed));
        if (!Double.isFinite(lossPerToken)) {
            throw new TrainException(String.format(Locale.ROOT, "training diverged at step %d (epoch %d): the"
                            + " mean train loss is %s. Checkpoints up to the last validation are kept (latest: %s);"
                            + " lower model.learningRate or model.clipNorm, or set model.warmupSteps, then resume or restart",
                    step, epoch + 1, lossPerToken,
                    run.checkpoints().pointer(Checkpoints.LATEST).map(Path::getName).orElse("none")));
        }
    }

    private void validateAndCheckpoint(boolean epochDone) throws IOException {
        Validator.Result v = run.validator().validate(graph, cfg.model());
        Plateau.Action action = plateau.observe(v.score());
        boolean improved = action == Plateau.Action.IMPROVED;
        Double currentLr = graph.getLearningRate(Seq2SeqNetwork.OUTPUT);
        double lr = currentLr == null ? Double.NaN : currentLr;
        // The record first, then the checkpoint: a driver that dies between the two resumes from the previous
        // checkpoint and drops the record with everything after it. The other way round, the checkpoint it resumes
        // from would have no validation record (nor count in the plateau rule's patience).
        String name = Checkpoints.name(step);
        run.metrics().add(new Metrics.ValidPoint(epoch + 1, step, v.loss(), v.perplexity(), v.bleu(), lr, name));
        run.checkpoints().save(bundle(epochDone), improved);
        LOG.info(String.format(Locale.ROOT, "validation at step %d: loss %.4f ppl %.2f BLEU %.2f%s -> %s",
                step, v.loss(), v.perplexity(), v.bleu(), improved ? " (best)" : "", name));
        if (action == Plateau.Action.STOP) {
            LOG.info("early stop: {} validations without a better score", plateau.sinceBest());
            stop = true;
        } else if (action == Plateau.Action.DECAY && cfg.validation().plateauDecay() < 1.0 && !Double.isNaN(lr)) {
            LearningRates.scale(graph, cfg.validation().plateauDecay()); // a schedule goes on, scaled
            LOG.info("learning rate {} -> {} (x {}, the schedule goes on scaled) after {} validations without"
                    + " improvement", lr, graph.getLearningRate(Seq2SeqNetwork.OUTPUT),
                    cfg.validation().plateauDecay(), plateau.sinceBest());
        }
    }

    /** The checkpoint of this position: a finished epoch resumes at the start of the next one. */
    private Bundle bundle(boolean epochDone) {
        PrepOutput prep = run.prep();
        TrainingState state = new TrainingState(epochDone ? epoch + 1 : epoch, step, epochDone ? 0 : batchesInEpoch,
                plateau.best(), cfg.seed());
        return new Bundle(graph, prep.sourceVocab(), prep.targetVocab(), prep.subwords(), run.modelYaml(),
                prep.configYaml(), state, Provenance.of(prep.manifest().sha256(), Instant.now(), "spark-nmt"));
    }
}
