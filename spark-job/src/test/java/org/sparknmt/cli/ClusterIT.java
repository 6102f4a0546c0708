package org.sparknmt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sparknmt.bundle.Bundle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product as a cluster user runs it, with real parts ({@link RealCluster}: a standalone master and two workers
 * in JVMs of their own, HDFS from MiniDFSCluster, every stage handed to spark-submit by {@code scripts/spark-nmt
 * submit}): prep → train → translate → evaluate with corpora, checkpoints and outputs on hdfs://, and the
 * retraining pipeline with its model directory on hdfs://. Runs after {@code package} (failsafe), as it submits the
 * application jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TINY_MODEL = {"model.embedding=16", "model.hidden=32", "model.attentionSize=32",
            "validation.maxSentences=20"};
    private RealCluster cluster;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = RealCluster.start(dir, 2);
        cluster.writeCorpus("/nmt/corpus/part-0.tsv", 0, 1500);
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void prepTrainTranslateEvaluateThroughSparkSubmitOnHdfs() throws Exception {
        String prep = cluster.hdfs("/nmt/prep");
        String run = cluster.hdfs("/nmt/runs/zh-en");
        cluster.submit("prep", "prep", "--input", cluster.hdfs("/nmt/corpus/*.tsv"), "--output", prep,
                "--set", "subword.merges=300", "--set", "batch.size=32", "--set", "split.valid=0.05");
        assertTrue(cluster.exists(prep + "/manifest.json"));

        List<String> train = new ArrayList<>(List.of("train", "--prep", prep, "--run", run, "--set", "maxSteps=12",
                "--set", "checkpoint.everySteps=6"));
        for (String s : TINY_MODEL) {
            train.addAll(List.of("--set", s));
        }
        cluster.submit("train", train.toArray(new String[0]));
        String bundle = run + "/checkpoints/step-000000012.bundle";
        Bundle b = cluster.bundle(bundle);
        assertEquals(12, b.state().step(), "the checkpoint on HDFS is complete and readable");

        String hyp = cluster.hdfs("/nmt/out/test.hyp");
        String summary = cluster.submit("translate", "translate", "--bundle", bundle,
                "--input", prep + "/heldout/test.raw.src", "--output", hyp);
        assertTrue(summary.matches("(?s).*bundle loads on executors [12],.*"),
                "the bundle is read once per executor JVM, not per task: " + summary);
        assertEquals(cluster.read(prep + "/heldout/test.raw.src").lines().count(), cluster.read(hyp).lines().count(),
                "one output line per input line");

        String eval = cluster.submit("evaluate", "evaluate", "--ref", prep + "/heldout/test.raw.tgt", "--hyp", hyp);
        String last = eval.trim().lines().reduce((x, y) -> y).orElse("");
        assertTrue(last.startsWith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:"), eval);

        assertTrue(cluster.completedApps("FINISHED").containsAll(List.of("spark-nmt prep", "spark-nmt train",
                "spark-nmt translate")), "the master recorded the applications as finished: " + cluster.master());
    }

    /**
     * The scheduled retraining a cron job runs, with its model directory on HDFS: the first run promotes (CURRENT
     * and history on hdfs://, the lock created and released there), the second, with no new data, does not.
     */
    @Test
    void retrainPromotesThenRefusesWithItsModelDirectoryOnHdfs() throws Exception {
        Path cmn = Paths.get(System.getProperty("project.root", "..")).resolve("data/tatoeba-cmn-eng/cmn.txt");
        List<String> src = new ArrayList<>();
        List<String> ref = new ArrayList<>();
        try (Stream<String> s = Files.lines(cmn, StandardCharsets.UTF_8)) {
            s.skip(2000).limit(60).map(l -> l.split("\t")).forEach(cols -> {
                src.add(cols[1]);
                ref.add(cols[0]);
            });
        }
        cluster.write("/retrain/test.zh", String.join("\n", src) + "\n");
        cluster.write("/retrain/test.en", String.join("\n", ref) + "\n");
        String models = cluster.hdfs("/retrain/models");

        RealCluster.Submission first = cluster.submitForExit("retrain-1", retrain(models, "--margin", "0",
                "--test-source", cluster.hdfs("/retrain/test.zh"), "--test-reference", cluster.hdfs("/retrain/test.en")));
        assertEquals(0, first.code(), first.out() + RealCluster.tail(first.err()));
        assertTrue(first.out().startsWith("promoted:"), first.out());
        String current = cluster.read(models + "/CURRENT").trim();
        assertTrue(current.startsWith("bundles/") && cluster.exists(models + "/" + current), current);
        cluster.bundle(models + "/" + current); // the promoted bundle is complete
        assertFalse(cluster.exists(models + "/.lock"), "the lock is released");

        RealCluster.Submission second = cluster.submitForExit("retrain-2", retrain(models));
        assertEquals(3, second.code(), "exit 3 (not promoted) reaches the scheduler through spark-submit: "
                + second.out() + RealCluster.tail(second.err()));
        assertTrue(second.out().contains("no new data"), second.out());
        assertEquals(current, cluster.read(models + "/CURRENT").trim(), "CURRENT unchanged");
        List<JsonNode> history = new ArrayList<>();
        for (String line : cluster.read(models + "/history.jsonl").lines().toList()) {
            history.add(JSON.readTree(line));
        }
        assertEquals(2, history.size(), history.toString());
        assertEquals("promoted", history.get(0).get("decision").asText());
        assertEquals("not_promoted", history.get(1).get("decision").asText());
        assertFalse(cluster.exists(models + "/.lock"));
    }

    private String[] retrain(String models, String... more) {
        List<String> a = new ArrayList<>(List.of("retrain", "--model-dir", models, "--input",
                cluster.hdfs("/nmt/corpus/part-0.tsv"), "--prep-set", "subword.merges=300", "--prep-set", "batch.size=32",
                "--prep-set", "split.valid=0.05", "--train-set", "maxSteps=12"));
        for (String s : TINY_MODEL) {
            a.addAll(List.of("--train-set", s));
        }
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }
}
