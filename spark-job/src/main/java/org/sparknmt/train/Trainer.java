package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.hadoop.AtomicHadoopFiles;
import org.sparknmt.prep.PrepManifest;
import org.sparknmt.bundle.TrainingState;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.nn.Seq2SeqNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Trains the Seq2Seq network on the prep batches with DL4J's parameter averaging on Spark: prepares the run directory,
 * starts from a new (or warm-started) network or the latest checkpoint, and hands the epochs to {@link TrainingLoop}.
 * Each epoch shuffles the
 * batch files with a seeded RNG and fits them in chunks (the whole epoch, or {@code checkpoint.everySteps}
 * batches); after each chunk it validates (loss, perplexity, BLEU), records the validation in the metrics and
 * redraws the report, then writes a checkpoint bundle atomically and moves the {@code latest}/{@code best} pointers
 * (in that order, so that every checkpoint a resume can start from has its validation record). Early stopping after
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

    /**
     * A run of {@code cfg} ({@code resolved} is its tree, saved with the run). The learning rate and warm-up follow
     * the number of workers as {@code learningRateScaling} says; the run's config and bundles record the values
     * trained with.
     */
    public Trainer(JavaSparkContext sc, TrainConfig cfg, ConfigTree resolved, Mode mode) {
        this.sc = sc;
        int workers = cfg.workers(sc);
        ConfigTree scaled = cfg.lrScaling().apply(resolved, cfg.model(), workers);
        if (scaled != resolved) {
            TrainConfig s = scaled.bind(TrainConfig.class);
            LOG.info("{} workers, learningRateScaling {}: learning rate {} -> {}, warm-up {} -> {} steps of each worker",
                    workers, cfg.learningRateScaling(), cfg.model().learningRate(), s.model().learningRate(),
                    cfg.model().warmupSteps(), s.model().warmupSteps());
            cfg = s;
        }
        this.cfg = cfg;
        this.resolved = scaled;
        this.mode = mode;
    }

    public Result run() throws IOException {
        Configuration conf = sc.hadoopConfiguration();
        PrepOutput prep = PrepOutput.open(cfg.prep(), conf);
        Path run = prepareRunDirectory(prep, conf);
        Checkpoints checkpoints = new Checkpoints(run, cfg.checkpoint().keepLast(), conf);
        Metrics metrics = new Metrics(HadoopFiles.fs(run, conf), run);
        Start start = mode == Mode.RESUME ? latestCheckpoint(checkpoints, metrics) : freshNetwork(prep, conf);
        ComputationGraph graph = start.graph();
        LOG.info("network: {} parameters; vocabularies {} / {}", graph.params().length(), prep.sourceVocab().size(),
                prep.targetVocab().size());

        List<String> train = trainingBatches(prep, conf);
        int partitions = cfg.workers(sc);
        if (cfg.memoryCheck()) {
            HeapBudget.check(Runtime.getRuntime().maxMemory(), graph.numParams(), partitions);
        }
        double best = start.state().bestValidationScore();
        Plateau plateau = new Plateau(cfg.validation().patience(), cfg.validation().decayPatience(), best,
                sinceBest(metrics.validation(), best));
        Validator validator = new Validator(prep, cfg.validation(), conf);
        TrainingLoop.Run parts = new TrainingLoop.Run(prep, train, resolved.section("model").toYaml(), checkpoints,
                metrics, validator, TokenRates.of(prep.manifest()), partitions);
        long step = new TrainingLoop(sc, cfg, parts, graph, start.state(), plateau, conf).run();

        LOG.info("training finished: {} steps, best validation score {}; checkpoints in {}", step, plateau.best(),
                checkpoints.dir());
        double bestScore = plateau.best();
        if (cfg.checkpoint().averageLast() > 1) {
            double averaged = new EndOfRunAverage(cfg, checkpoints, validator, conf).run(bestScore);
            if (!Double.isNaN(averaged) && (Double.isNaN(bestScore) || averaged > bestScore)) {
                bestScore = averaged;
            }
        }
        return new Result(run, step, bestScore, checkpoints.pointer(Checkpoints.BEST), checkpoints.pointer(Checkpoints.LATEST));
    }

    /** The run directory, made ready for the mode, with the resolved config and prep's manifest written into it. */
    private Path prepareRunDirectory(PrepOutput prep, Configuration conf) throws IOException {
        Path run = new Path(cfg.run());
        FileSystem fs = HadoopFiles.fs(run, conf);
        run = fs.makeQualified(run);
        RunDir.prepare(fs, run, mode);
        AtomicHadoopFiles.writeText(fs, new Path(run, "config.yaml"), resolved.toYaml());
        AtomicHadoopFiles.writeText(fs, new Path(run, "prep-manifest.json"), prep.manifest().json());
        return run;
    }

    /** The network a run starts from and its position. */
    private record Start(ComputationGraph graph, TrainingState state) {
    }

    /** The newest readable checkpoint, with the metrics recorded after it dropped. */
    private Start latestCheckpoint(Checkpoints checkpoints, Metrics metrics) throws IOException {
        Bundle last = checkpoints.loadLatest().orElseThrow(() -> new TrainException(
                "nothing to resume in " + cfg.run() + ": no readable checkpoint; start without --resume"));
        TrainingState state = last.state();
        metrics.restore(state.step());
        LOG.info("resuming at epoch {}, step {} ({} batches into the epoch), best score {}", state.epoch() + 1,
                state.step(), state.batchesInEpoch(), state.bestValidationScore());
        return new Start(last.network(), state);
    }

    /** A new network at step 0, warm-started from {@code initFrom} when set. */
    private Start freshNetwork(PrepOutput prep, Configuration conf) {
        ComputationGraph graph = Seq2SeqNetwork.build(cfg.model(), prep.sourceVocab().size(), prep.targetVocab().size());
        if (!cfg.initFrom().isEmpty()) {
            WarmStart.apply(graph, cfg.initFrom(), prep, conf);
            LOG.info("warm start: weights from {}", cfg.initFrom());
        }
        return new Start(graph, TrainingState.start(cfg.seed()));
    }

    private List<String> trainingBatches(PrepOutput prep, Configuration conf) {
        List<String> train = prep.batches("train", conf);
        if (train.isEmpty()) {
            throw new TrainException("prep output " + cfg.prep() + " has no training batches");
        }
        return train;
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
