package org.sparknmt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sparknmt.bundle.BundleIO;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retraining pipeline on a slice of the embedded corpus with a tiny model, as a scheduler runs it: the first
 * run promotes, a run on the same data does not (and trains nothing), a run on new data warm-starts from the
 * promoted model (its first checkpoint still holds the promoted model's values where its batches gave no gradient,
 * see {@link ParameterOrigin}) and is refused by the margin, a run killed mid-training leaves CURRENT untouched and its stale
 * lock is taken over, and a live lock makes a run exit 4.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path tmp;
    private Path corpus;
    private Path moreCorpus;
    private Path testSrc;
    private Path testRef;
    private Path models;

    @BeforeAll
    void writeCorpus(@TempDir Path dir) throws IOException {
        tmp = dir;
        Path cmn = Paths.get(System.getProperty("project.root", "..")).resolve("data/tatoeba-cmn-eng/cmn.txt");
        List<String> all;
        try (Stream<String> s = Files.lines(cmn, StandardCharsets.UTF_8)) {
            all = s.limit(2100).toList();
        }
        corpus = Files.write(dir.resolve("corpus.tsv"), all.subList(0, 1500), StandardCharsets.UTF_8);
        moreCorpus = Files.write(dir.resolve("more.tsv"), all.subList(0, 1800), StandardCharsets.UTF_8);
        List<String> src = new ArrayList<>();
        List<String> ref = new ArrayList<>();
        for (String line : all.subList(2000, 2100)) {
            String[] cols = line.split("\t");
            src.add(cols[1]);
            ref.add(cols[0]);
        }
        testSrc = Files.write(dir.resolve("test.zh"), src, StandardCharsets.UTF_8);
        testRef = Files.write(dir.resolve("test.en"), ref, StandardCharsets.UTF_8);
        models = dir.resolve("models");
    }

    private String[] retrain(Path input, String... more) {
        List<String> a = new ArrayList<>(List.of("retrain", "--model-dir", models.toString(), "--input", input.toString(),
                "--master", "local[2]", "--prep-set", "subword.merges=300", "--prep-set", "batch.size=32",
                "--prep-set", "split.valid=0.05"));
        a.addAll(Cli.tinyTrainSets());
        a.addAll(List.of("--train-set", "maxSteps=12"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private List<JsonNode> history() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(models.resolve("history.jsonl"), StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void promotesThenRefusesThenSurvivesAKillAndALock() throws Exception {
        Cli.Run first = Cli.run(retrain(corpus, "--test-source", testSrc.toString(), "--test-reference", testRef.toString(),
                "--margin", "0"));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().startsWith("promoted:"), first.out());
        String current = Files.readString(models.resolve("CURRENT"), StandardCharsets.UTF_8).trim();
        assertTrue(current.startsWith("bundles/") && Files.exists(models.resolve(current)), current);
        assertTrue(Files.exists(models.resolve("testset/source.txt")), "the test set is pinned");
        assertEquals("promoted", history().get(0).get("decision").asText());
        byte[] currentBytes = Files.readAllBytes(models.resolve("CURRENT"));

        Cli.Run same = Cli.run(retrain(corpus));
        assertEquals(3, same.code(), same.err());
        assertTrue(same.out().contains("no new data"), same.out());
        assertArrayEquals(currentBytes, Files.readAllBytes(models.resolve("CURRENT")));

        Cli.Run worse = Cli.run(retrain(moreCorpus, "--margin", "100"));
        assertEquals(3, worse.code(), worse.err());
        JsonNode third = history().get(2);
        assertEquals("not_promoted", third.get("decision").asText());
        assertTrue(third.has("candidateBleu") && third.has("currentBleu"), third.toString());
        assertTrue(third.get("reason").asText().contains("not 100.00 above"), third.toString());
        assertArrayEquals(currentBytes, Files.readAllBytes(models.resolve("CURRENT")));
        Path warmRun = Path.of(java.net.URI.create(third.get("work").asText())).resolve("train");
        assertTrue(Files.readString(warmRun.resolve("config.yaml")).contains(current.substring("bundles/".length())),
                "the candidate's config names the current bundle as initFrom");
        String rate = BundleIO.read(models.resolve(current)).modelConfigYaml().lines()
                .filter(l -> l.strip().startsWith("learningRate:")).findFirst().orElseThrow().strip();
        assertTrue(Files.readString(warmRun.resolve("config.yaml")).contains(rate),
                "the warm start trains at the current model's rate, scaled for the workers once, not twice: " + rate);
        ParameterOrigin origin = ParameterOrigin.of(BundleIO.read(warmRun.resolve("checkpoints/step-000000006.bundle")),
                BundleIO.read(models.resolve(current)));
        System.out.println("warm start, the candidate's first checkpoint: " + origin);
        assertTrue(origin.keptFromCurrent() > 0 && origin.keptFromFresh() == 0,
                "the candidate started from the current model's parameters, not from a fresh initialisation: " + origin);

        // killed while training: CURRENT untouched; the dead run's lock is taken over by the next run
        List<Path> before = checkpointPointers();
        Process driver = Cli.startDriver(retrain(moreCorpus, "--force", "--train-set", "maxSteps=100000"), tmp.resolve("killed.log"));
        try {
            waitForTraining(driver, before);
        } finally {
            driver.destroyForcibly();
            driver.waitFor(60, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(models.resolve(".lock")), "the killed run left its lock");
        assertArrayEquals(currentBytes, Files.readAllBytes(models.resolve("CURRENT")), "a killed run leaves CURRENT as it was");
        Cli.Run afterKill = Cli.run(retrain(corpus));
        assertEquals(3, afterKill.code(), afterKill.err() + afterKill.out());

        // a live run holds the lock: exit 4, nothing touched
        Files.writeString(models.resolve(".lock"), java.net.InetAddress.getLocalHost().getHostName() + " "
                + ProcessHandle.current().pid() + " now", StandardCharsets.UTF_8);
        Cli.Run locked = Cli.run(retrain(corpus));
        assertEquals(4, locked.code(), locked.err());
        assertTrue(locked.err().contains("is locked by another retraining run"), locked.err());
        Files.delete(models.resolve(".lock"));
        assertArrayEquals(currentBytes, Files.readAllBytes(models.resolve("CURRENT")));
    }

    /** Waits until the run being killed has written its first checkpoint (a {@code latest} pointer not in {@code before}). */
    private void waitForTraining(Process driver, List<Path> before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8); // a separate driver JVM starting Spark; minutes on a loaded 2-core machine
        while (System.nanoTime() < deadline) {
            assertTrue(driver.isAlive(), () -> "the retrain driver ended early: " + read(tmp.resolve("killed.log")));
            if (checkpointPointers().stream().anyMatch(p -> !before.contains(p))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the killed run never reached training: " + read(tmp.resolve("killed.log")));
    }

    private List<Path> checkpointPointers() throws IOException {
        if (!Files.exists(models.resolve("work"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(models.resolve("work"))) {
            return files.filter(p -> p.getFileName().toString().equals("latest")).toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

}
