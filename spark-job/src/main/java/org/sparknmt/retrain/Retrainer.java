package org.sparknmt.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.spark.HadoopBundles;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.eval.BleuScore;
import org.sparknmt.modeldir.ModelDirectory;
import org.sparknmt.modeldir.ModelLock;
import org.sparknmt.prep.PrepConfig;
import org.sparknmt.prep.PrepJob;
import org.sparknmt.prep.PrepLayout;
import org.sparknmt.prep.PrepManifest;
import org.sparknmt.train.TrainConfig;
import org.sparknmt.train.Trainer;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The retraining pipeline: lock the model directory → prep the new data with the current model's BPE and
 * vocabularies → train warm-started from the current model → score candidate and current on the pinned test set →
 * promote (copy the bundle in, switch {@code CURRENT} atomically) only if BLEU gains at least the margin → one line
 * in {@code history.jsonl} whatever happened. {@code CURRENT} is only ever touched by the final rename, so a run
 * that fails or is killed at any earlier point leaves the served model as it was.
 */
public final class Retrainer {
    private static final Logger LOG = LoggerFactory.getLogger(Retrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    public enum Decision { PROMOTED, NOT_PROMOTED }

    /** What a run decided, and why. */
    public record Result(Decision decision, String reason, double candidateBleu, double currentBleu, String current) {
    }

    private final JavaSparkContext sc;
    private final RetrainConfig cfg;

    public Retrainer(JavaSparkContext sc, RetrainConfig cfg) {
        this.sc = sc;
        this.cfg = cfg;
    }

    public Result run() throws IOException {
        ModelDirectory dir = ModelDirectory.at(cfg.modelDir(), sc.hadoopConfiguration());
        try (ModelLock lock = ModelLock.acquire(dir, cfg.lockExpiry())) {
            String runId = RUN_ID.format(Instant.now()) + "-" + java.util.UUID.randomUUID().toString().substring(0, 6);
            ObjectNode record = JSON.createObjectNode().put("run", runId).put("startedAt", Instant.now().toString());
            try {
                Result r = retrain(dir, runId, record);
                record.put("decision", r.decision().name().toLowerCase(Locale.ROOT)).put("reason", r.reason());
                record.put("finishedAt", Instant.now().toString());
                dir.appendHistory(JSON.writeValueAsString(record));
                return r;
            } catch (IOException | RuntimeException e) {
                record.put("decision", "failed").put("reason", String.valueOf(e.getMessage()))
                        .put("finishedAt", Instant.now().toString());
                try {
                    dir.appendHistory(JSON.writeValueAsString(record));
                } catch (IOException | RuntimeException ignored) {
                    // the original failure matters more; CURRENT is untouched either way
                }
                throw e;
            }
        }
    }

    private Result retrain(ModelDirectory dir, String runId, ObjectNode record) throws IOException {
        TestSet test = TestSet.resolve(dir, cfg.testSource(), cfg.testReference());
        Path current = dir.hasCurrent() ? dir.current() : null;
        Bundle currentBundle = current == null ? null : read(dir.fs(), current);
        record.put("current", current == null ? null : current.getName());
        Path work = new Path(new Path(dir.dir(), "work"), runId);
        record.put("work", work.toString());

        ConfigTree prepTree = cfg.prep().setString("output.path", new Path(work, "prep").toString());
        if (current != null) {
            prepTree = prepTree.setString("reuse.bundle", current.toString());
        }
        LOG.info("retrain {}: prep {} (BPE and vocabularies {})", runId, prepTree.toNode().at("/input"),
                current == null ? "learned: first model" : "from " + current.getName());
        new PrepJob(sc, prepTree.bind(PrepConfig.class), prepTree).run();
        ArrayNode inputs = inputChecksums(dir.fs(), new Path(work, "prep"));
        record.set("inputs", inputs);
        JsonNode promotedInputs = lastPromotedInputs(dir);
        // compared as text: numbers read back from the history are int nodes, the fresh ones long nodes
        if (current != null && !cfg.force() && promotedInputs != null && inputs.toString().equals(promotedInputs.toString())) {
            return new Result(Decision.NOT_PROMOTED, "no new data: the inputs are byte-identical to those the current"
                    + " model was trained on (--force retrains anyway)", Double.NaN, Double.NaN, current.getName());
        }

        ConfigTree trainTree = cfg.train().setString("prep", new Path(work, "prep").toString())
                .setString("run", new Path(work, "train").toString());
        if (currentBundle != null) {
            trainTree = trainTree.overlay(new StringReader(modelSection(currentBundle.modelConfigYaml())),
                    current + " model.yaml").setString("initFrom", current.toString());
            trainTree = unscaled(trainTree, sc);
        }
        Trainer.Result trained = new Trainer(sc, trainTree.bind(TrainConfig.class), trainTree, Trainer.Mode.FRESH).run();
        Path candidate = trained.best().or(trained::latest).orElseThrow(() -> new IOException(
                "training wrote no checkpoint in " + trained.runDir()));
        FileSystem runFs = candidate.getFileSystem(sc.hadoopConfiguration());

        BleuScore cand = test.score(candidate, runFs, cfg.beam(), cfg.tokenize());
        BleuScore cur = currentBundle == null ? null : test.score(currentBundle, cfg.beam(), cfg.tokenize());
        record.put("candidate", candidate.toString()).put("candidateBleu", cand.score())
                .put("signature", cand.signature());
        if (cur != null) {
            record.put("currentBleu", cur.score());
        }
        double baseline = cur == null ? 0.0 : cur.score();
        LOG.info(String.format(Locale.ROOT, "retrain %s: candidate BLEU %.2f, current %s, margin %.2f", runId,
                cand.score(), cur == null ? "none" : String.format(Locale.ROOT, "%.2f", cur.score()), cfg.margin()));
        if (cand.score() < baseline + cfg.margin()) {
            return new Result(Decision.NOT_PROMOTED, String.format(Locale.ROOT, "candidate BLEU %.2f is not %.2f above"
                    + " the current %.2f", cand.score(), cfg.margin(), baseline), cand.score(),
                    cur == null ? Double.NaN : cur.score(), current == null ? null : current.getName());
        }
        Path promoted = dir.promote(candidate, runFs, runId + "-" + candidate.getName());
        record.put("promoted", promoted.getName()).put("promotedAt", Instant.now().toString());
        LOG.info("retrain {}: promoted {} (CURRENT switched)", runId, promoted);
        return new Result(Decision.PROMOTED, String.format(Locale.ROOT, "candidate BLEU %.2f >= %.2f + %.2f",
                cand.score(), baseline, cfg.margin()), cand.score(), cur == null ? Double.NaN : cur.score(),
                promoted.getName());
    }

    private static Bundle read(FileSystem fs, Path bundle) throws IOException {
        return HadoopBundles.read(bundle, fs.getConf());
    }

    /** The input files' sizes and SHA-256 from the prep manifest (paths left out: moving data is not new data). */
    private static ArrayNode inputChecksums(FileSystem fs, Path prep) throws IOException {
        Path file = new Path(prep, PrepLayout.MANIFEST);
        PrepManifest manifest;
        try (InputStream in = fs.open(file)) {
            manifest = PrepManifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file.toString());
        }
        ArrayNode out = JSON.createArrayNode();
        for (PrepManifest.InputFile input : manifest.inputs()) {
            out.addObject().put("bytes", input.bytes()).put("sha256", input.sha256());
        }
        return out;
    }

    private static JsonNode lastPromotedInputs(ModelDirectory dir) throws IOException {
        List<String> lines = new ArrayList<>(dir.history());
        for (int i = lines.size() - 1; i >= 0; i--) {
            JsonNode n = JSON.readTree(lines.get(i));
            if ("promoted".equals(n.path("decision").asText())) {
                return n.get("inputs");
            }
        }
        return null;
    }

    /**
     * The bundle's model.yaml holds the rate and warm-up it trained with, already scaled for its workers
     * (learningRateScaling): taken back to one worker's values for this run's workers, so that the trainer's scaling
     * gives the bundle's values again instead of scaling them twice.
     */
    private static ConfigTree unscaled(ConfigTree tree, JavaSparkContext sc) {
        TrainConfig cfg = tree.bind(TrainConfig.class);
        return cfg.lrScaling().undo(tree, cfg.model(), cfg.workers(sc));
    }

    /** The bundle's model config as the {@code model:} section of a train config. */
    private static String modelSection(String modelYaml) {
        StringBuilder sb = new StringBuilder("model:\n");
        for (String line : modelYaml.split("\n")) {
            if (!line.isBlank() && !line.startsWith("---")) {
                sb.append("  ").append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
