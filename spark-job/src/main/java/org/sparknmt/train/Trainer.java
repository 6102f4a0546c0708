package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.hadoop.AtomicHadoopFiles;
import org.sparknmt.prep.PrepManifest;
import org.sparknmt.bundle.Provenance;
import org.sparknmt.bundle.TrainingState;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.nn.LearningRates;
import org.sparknmt.nn.Seq2SeqNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Trains the Seq2Seq network on the prep batches with DL4J's parameter averaging on Spark. Each epoch shuffles the
 * batch files with a seeded RNG and fits them in chunks (the whole epoch, or {@code checkpoint.everySteps}
 * batches); after each chunk it validates (loss, perplexity, BLEU), writes a checkpoint bundle atomically, moves
 * the {@code latest}/{@code best} pointers, records metrics and redraws the report. Early stopping after
 * {@code validation.patience} validations without a better BLEU; the learning rate is multiplied by
 * {@code validation.plateauDecay} after each of them. {@code --resume} continues from the newest readable
 * checkpoint at the same position in the same epoch order.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    public enum Mode { FRESH, RESUME, OVERWRITE }

    /** What a run produced. */
    public record Result(Path runDir, long steps, double bestBleu, Optional<Path> best, Optional<Path> latest) {
    }

    private final JavaSparkContext sc;
    private final TrainConfig cfg;
    private final ConfigTree resolved;
    private final Mode mode;

    public Trainer(JavaSparkContext sc, TrainConfig cfg, ConfigTree resolved, Mode mode) {
        this.sc = sc;
        this.cfg = cfg;
        this.resolved = resolved;
        this.mode = mode;
    }

    public Result run() throws IOException {
        Configuration conf = sc.hadoopConfiguration();
        PrepOutput prep = PrepOutput.open(cfg.prep(), conf);
        Path run = new Path(cfg.run());
        FileSystem fs = HadoopFiles.fs(run, conf);
        run = fs.makeQualified(run);
        RunDir.prepare(fs, run, mode);
        AtomicHadoopFiles.writeText(fs, new Path(run, "config.yaml"), resolved.toYaml());
        AtomicHadoopFiles.writeText(fs, new Path(run, "prep-manifest.json"), prep.manifest().json());

        Checkpoints checkpoints = new Checkpoints(run, cfg.checkpoint().keepLast(), conf);
        Metrics metrics = new Metrics(fs, run);
        ComputationGraph graph;
        TrainingState state;
        if (mode == Mode.RESUME) {
            Bundle last = checkpoints.loadLatest().orElseThrow(() -> new TrainException(
                    "nothing to resume in " + cfg.run() + ": no readable checkpoint; start without --resume"));
            graph = last.network();
            state = last.state();
            metrics.restore(state.step());
            LOG.info("resuming at epoch {}, step {} ({} batches into the epoch), best score {}", state.epoch() + 1,
                    state.step(), state.batchesInEpoch(), state.bestValidationScore());
        } else {
            graph = Seq2SeqNetwork.build(cfg.model(), prep.sourceVocab().size(), prep.targetVocab().size());
            if (!cfg.initFrom().isEmpty()) {
                WarmStart.apply(graph, cfg.initFrom(), prep, conf);
                LOG.info("warm start: weights from {}", cfg.initFrom());
            }
            state = TrainingState.start(cfg.seed());
        }
        LOG.info("network: {} parameters; vocabularies {} / {}", graph.params().length(), prep.sourceVocab().size(),
                prep.targetVocab().size());

        List<String> train = prep.batches("train", conf);
        if (train.isEmpty()) {
            throw new TrainException("prep output " + cfg.prep() + " has no training batches");
        }
        TokenRates rates = TokenRates.of(prep.manifest());
        int batchSize = rates.batchSize();
        int partitions = cfg.partitions() > 0 ? cfg.partitions() : sc.defaultParallelism();
        ParameterAveragingTrainingMaster master = TrainingMasters.parameterAveraging(cfg, partitions, batchSize);
        TrainLoss trainLoss = new TrainLoss(sc);
        master.addHook(trainLoss);
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph, master);
        Validator validator = new Validator(prep, cfg.validation(), conf);
        String modelYaml = resolved.section("model").toYaml();

        LoadBatch load = new LoadBatch(conf);
        long totalSteps = (long) cfg.epochs() * train.size();
        if (cfg.maxSteps() > 0) {
            totalSteps = Math.min(totalSteps, cfg.maxSteps());
        }
        long started = System.nanoTime();
        long stepAtStart = state.step();
        Plateau plateau = new Plateau(cfg.validation().patience(), cfg.validation().decayPatience(),
                state.bestValidationScore(), sinceBest(metrics.validation(), state.bestValidationScore()));
        boolean stop = false;
        int epoch = state.epoch();
        long batchesInEpoch = state.batchesInEpoch();
        long step = state.step();
        while (epoch < cfg.epochs() && !stop) {
            List<String> order = new ArrayList<>(train);
            Collections.shuffle(order, new Random(cfg.seed() * 1_000_003L + epoch));
            long checkpointEvery = cfg.checkpoint().everySteps() > 0 ? cfg.checkpoint().everySteps() : order.size();
            long sinceCheckpoint = 0;
            long lastCheckpointAt = System.nanoTime();
            while (batchesInEpoch < order.size() && !stop) {
                long chunk = Math.min(cfg.logEverySteps(), checkpointEvery - sinceCheckpoint);
                chunk = Math.min(chunk, order.size() - batchesInEpoch);
                if (cfg.maxSteps() > 0) {
                    chunk = Math.min(chunk, cfg.maxSteps() - step);
                }
                if (chunk <= 0) {
                    stop = true;
                    break;
                }
                List<String> paths = order.subList((int) batchesInEpoch, (int) (batchesInEpoch + chunk));
                // Direct approach: DL4J requires the RDD persisted at the training master's storage level.
                JavaRDD<MultiDataSet> batches = sc.parallelize(new ArrayList<>(paths), Math.min(partitions, paths.size()))
                        .map(load).persist(cfg.batchStorage());
                long t0 = System.nanoTime();
                trainLoss.reset();
                spark.fitMultiDataSet(batches);
                batches.unpersist(false);
                double seconds = (System.nanoTime() - t0) / 1e9;
                graph = spark.getNetwork();
                batchesInEpoch += chunk;
                step += chunk;
                sinceCheckpoint += chunk;
                double elapsed = (System.nanoTime() - started) / 1e9;
                double perStep = elapsed / Math.max(1, step - stepAtStart);
                double lossPerToken = trainLoss.perToken();
                double tokensPerSec = chunk * rates.targetTokensPerBatch() / seconds;
                double paddedPerSec = chunk * rates.paddedTargetPerBatch() / seconds;
                LOG.info(String.format(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f | %.0f tok/s (%.0f padded) | "
                                + "elapsed %s ETA %s", epoch + 1, cfg.epochs(), step, totalSteps, lossPerToken,
                        tokensPerSec, paddedPerSec, Durations.hms(elapsed), Durations.hms(perStep * (totalSteps - step))));
                metrics.add(new Metrics.TrainPoint(epoch + 1, step, lossPerToken, tokensPerSec, paddedPerSec, elapsed));
                if (!Double.isFinite(lossPerToken)) {
                    throw new TrainException(String.format(Locale.ROOT, "training diverged at step %d (epoch %d): the"
                            + " mean train loss is %s. Checkpoints up to the last validation are kept (latest: %s);"
                            + " lower model.learningRate or model.clipNorm, or set model.warmupSteps, then resume or restart",
                            step, epoch + 1, lossPerToken, checkpoints.pointer(Checkpoints.LATEST).map(Path::getName).orElse("none")));
                }
                boolean epochDone = batchesInEpoch >= order.size();
                boolean timeUp = cfg.checkpoint().everyMinutes() > 0
                        && (System.nanoTime() - lastCheckpointAt) / 60e9 >= cfg.checkpoint().everyMinutes();
                boolean boundary = sinceCheckpoint >= checkpointEvery || epochDone || timeUp
                        || (cfg.maxSteps() > 0 && step >= cfg.maxSteps());
                if (!boundary) {
                    continue;
                }
                sinceCheckpoint = 0;
                lastCheckpointAt = System.nanoTime();

                Validator.Result v = validator.validate(graph, cfg.model());
                Plateau.Action action = plateau.observe(v.score());
                boolean improved = action == Plateau.Action.IMPROVED;
                // the state a resume starts from: a finished epoch resumes at the start of the next one
                Bundle bundle = new Bundle(graph, prep.sourceVocab(), prep.targetVocab(), prep.subwords(), modelYaml,
                        prep.configYaml(), new TrainingState(epochDone ? epoch + 1 : epoch, step,
                        epochDone ? 0 : batchesInEpoch, plateau.best(), cfg.seed()),
                        Provenance.of(prep.manifest().sha256(), Instant.now(), "spark-nmt"));
                Path saved = checkpoints.save(bundle, improved);
                Double currentLr = graph.getLearningRate(Seq2SeqNetwork.OUTPUT);
                double lr = currentLr == null ? Double.NaN : currentLr;
                metrics.add(new Metrics.ValidPoint(epoch + 1, step, v.loss(), v.perplexity(), v.bleu(), lr, saved.getName()));
                LOG.info(String.format(Locale.ROOT, "validation at step %d: loss %.4f ppl %.2f BLEU %.2f%s -> %s",
                        step, v.loss(), v.perplexity(), v.bleu(), improved ? " (best)" : "", saved.getName()));
                if (action == Plateau.Action.STOP) {
                    LOG.info("early stop: {} validations without a better score", plateau.sinceBest());
                    stop = true;
                } else if (action == Plateau.Action.DECAY && cfg.validation().plateauDecay() < 1.0 && !Double.isNaN(lr)) {
                    LearningRates.set(graph, lr * cfg.validation().plateauDecay());
                    LOG.info("learning rate {} -> {} after {} validations without improvement", lr,
                            lr * cfg.validation().plateauDecay(), plateau.sinceBest());
                }
            }
            if (batchesInEpoch >= order.size()) {
                epoch++;
                batchesInEpoch = 0;
            }
        }
        LOG.info("training finished: {} steps, best validation score {}; checkpoints in {}", step, plateau.best(),
                checkpoints.dir());
        return new Result(run, step, plateau.best(), checkpoints.pointer(Checkpoints.BEST), checkpoints.pointer(Checkpoints.LATEST));
    }

    /** Validations since the best score, recounted from the metrics of a resumed run. */
    private static int sinceBest(List<Metrics.ValidPoint> points, double best) {
        int since = 0;
        for (Metrics.ValidPoint p : points) {
            double score = Double.isNaN(p.bleu()) ? -p.loss() : p.bleu();
            since = score >= best ? 0 : since + 1;
        }
        return since;
    }

    /** Per-batch token figures from the prep manifest, for tokens/s and per-token loss. */
    record TokenRates(int batchSize, double targetTokensPerBatch, double paddedTargetPerBatch) {
        static TokenRates of(PrepManifest manifest) {
            PrepManifest.SplitStats train = manifest.train();
            double batches = Math.max(1, train.batches());
            return new TokenRates(manifest.batchSize(), train.targetTokens() / batches, train.targetSlots() / batches);
        }
    }
}
