package org.sparknmt.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleIO;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * prep → train through the command line on real Spark local[2] with a tiny model: checkpoints with latest/best
 * pointers, metrics and report; refusal of an existing run; --resume continues; a truncated latest checkpoint is
 * skipped in favour of an older readable one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainCommandTest {
    private Path tmp;
    private Path prep;

    @BeforeAll
    void prepSmallCorpus(@TempDir Path dir) throws IOException {
        tmp = dir;
        prep = Cli.prepSmallCorpus(dir);
    }

    private static long lines(Path file, String type) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.contains("\"type\":\"" + type + "\"")).count();
    }

    @Test
    void trainsCheckpointsRefusesResumesAndSkipsATruncatedCheckpoint() throws IOException {
        Path runDir = tmp.resolve("run");
        Cli.Run first = Cli.run(Cli.train(prep, runDir, "--set", "maxSteps=12", "--set", "logEverySteps=3"));
        assertEquals(0, first.code(), first.err());
        assertEquals("step-000000012.bundle", Cli.pointer(runDir, "latest"));
        assertTrue(Files.exists(runDir.resolve("checkpoints/" + Cli.pointer(runDir, "best"))), "best points to a kept bundle");
        assertEquals(4, lines(runDir.resolve("metrics.jsonl"), "train"), "a progress point every 3 steps");
        assertEquals(2, lines(runDir.resolve("metrics.jsonl"), "valid"), "a validation every 6 steps");
        assertTrue(Files.readString(runDir.resolve("report.html")).contains("<svg"), "report draws curves");
        assertTrue(Files.exists(runDir.resolve("config.yaml")) && Files.exists(runDir.resolve("prep-manifest.json")));
        assertTrue(Files.readString(runDir.resolve("config.yaml")).contains("learningRate: 0.002"),
                "learningRateScaling linear: the default rate 0.001 x 2 workers, recorded as trained");
        try (Stream<Path> s = Files.list(runDir.resolve("checkpoints"))) {
            assertEquals(2, s.filter(p -> p.toString().endsWith(".bundle")).count(), "keepLast=2 (the best is one of them)");
        }

        Cli.Run refused = Cli.run(Cli.train(prep, runDir, "--set", "maxSteps=12"));
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("already exists") && refused.err().contains("--resume")
                && refused.err().contains("--overwrite"), refused.err());

        Cli.Run resumed = Cli.run(Cli.train(prep, runDir, "--resume", "--set", "maxSteps=18"));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals("step-000000018.bundle", Cli.pointer(runDir, "latest"));
        assertEquals(5, lines(runDir.resolve("metrics.jsonl"), "train"), "the resumed run keeps the earlier curve");

        Path latest = runDir.resolve("checkpoints/" + Cli.pointer(runDir, "latest"));
        byte[] bytes = Files.readAllBytes(latest);
        Files.write(latest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Cli.Run fallback = Cli.run(Cli.train(prep, runDir, "--resume", "--set", "maxSteps=24"));
        assertEquals(0, fallback.code(), fallback.err());
        assertEquals("step-000000024.bundle", Cli.pointer(runDir, "latest"));
        // resumed from step 12 (the truncated step-18 bundle was skipped): two more chunks of 6 reach 24
        assertEquals(6, lines(runDir.resolve("metrics.jsonl"), "train"),
                "points of the abandoned 12 -> 18 stretch are dropped; 12 -> 18 -> 24 again after the fallback");
    }

    @Test
    void checkpointsByTimeAtTheNextProgressPoint() throws IOException {
        Path runDir = tmp.resolve("timed");
        Cli.Run r = Cli.run(Cli.train(prep, runDir, "--set", "maxSteps=9", "--set", "logEverySteps=3",
                "--set", "checkpoint.everySteps=0", "--set", "checkpoint.everyMinutes=0.0001"));
        assertEquals(0, r.code(), r.err());
        assertEquals(3, lines(runDir.resolve("metrics.jsonl"), "valid"), "time is up at every progress point: 3, 6, 9");
        assertEquals("step-000000009.bundle", Cli.pointer(runDir, "latest"));
    }

    /**
     * checkpoint.averageLast writes checkpoints/averaged.bundle with the mean parameters of the newest checkpoints
     * and validates it; {@code spark-nmt average} makes the same file from the run; the result translates.
     */
    @Test
    void averagesTheLastCheckpointsAtTheEndAndOnDemand() throws IOException {
        Path runDir = tmp.resolve("averaged");
        Cli.Run r = Cli.run(Cli.train(prep, runDir, "--set", "maxSteps=12", "--set", "checkpoint.averageLast=2"));
        assertEquals(0, r.code(), r.err());
        Path averaged = runDir.resolve("checkpoints/averaged.bundle");
        assertTrue(Files.exists(averaged), "averaged.bundle written");
        Bundle six = BundleIO.read(runDir.resolve("checkpoints/step-000000006.bundle"));
        Bundle twelve = BundleIO.read(runDir.resolve("checkpoints/step-000000012.bundle"));
        float[] mean = six.network().params().add(twelve.network().params()).div(2).toFloatVector();
        Bundle a = BundleIO.read(averaged);
        assertArrayEquals(mean, a.network().params().toFloatVector(), 1e-6f, "the mean of steps 6 and 12");
        assertEquals(12, a.state().step(), "the newest checkpoint's training state");
        assertTrue(Files.exists(runDir.resolve("checkpoints/" + Cli.pointer(runDir, "best"))), "best points to a bundle");

        Path again = tmp.resolve("again.bundle");
        Cli.Run avg = Cli.run("average", "--run", runDir.toString(), "--last", "2", "--output", again.toString());
        assertEquals(0, avg.code(), avg.err());
        assertTrue(avg.out().contains("averaged 2 bundles (step-000000012.bundle, step-000000006.bundle)"), avg.out());
        assertArrayEquals(mean, BundleIO.read(again).network().params().toFloatVector(), 1e-6f);
        Path src = tmp.resolve("one.txt");
        Files.writeString(src, "你好。\n", StandardCharsets.UTF_8);
        Cli.Run tr = Cli.run("translate", "--local", "--bundle", again.toString(), "--input", src.toString(),
                "--output", tmp.resolve("one.hyp").toString());
        assertEquals(0, tr.code(), tr.err());

        Cli.Run tooMany = Cli.run("average", "--run", runDir.toString(), "--last", "5", "--output", again.toString());
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.err().contains("fewer than the 5 to average"), tooMany.err());
        Cli.Run config = Cli.run(Cli.train(prep, tmp.resolve("never-made"), "--set", "checkpoint.averageLast=3"));
        assertEquals(2, config.code());
        assertTrue(config.err().contains("checkpoint.averageLast") && config.err().contains("keepLast"), config.err());
    }

    /**
     * A Transformer (tied embeddings, inverse-square-root schedule) trains under Spark parameter averaging like the
     * LSTM, its checkpoints average, and the averaged bundle translates through the Spark batch job.
     */
    @Test
    void trainsATransformerAndTranslatesItsAveragedCheckpointOnSpark() throws IOException {
        Path runDir = tmp.resolve("transformer");
        Cli.Run r = Cli.run(Cli.train(prep, runDir, "--set", "maxSteps=12", "--set", "checkpoint.averageLast=2",
                "--set", "model.architecture=transformer", "--set", "model.embedding=32", "--set", "model.hidden=32",
                "--set", "model.layers=2", "--set", "model.heads=4", "--set", "model.feedForward=64",
                "--set", "model.tiedEmbeddings=true", "--set", "model.schedule=inverseSqrt",
                "--set", "model.warmupSteps=4", "--set", "model.dropout=0.1"));
        assertEquals(0, r.code(), r.err());
        Bundle a = BundleIO.read(runDir.resolve("checkpoints/averaged.bundle"));
        assertTrue(a.modelConfigYaml().contains("architecture: transformer"), a.modelConfigYaml());
        Path src = tmp.resolve("tf.txt");
        Files.writeString(src, "你好。\n我们走吧。\n", StandardCharsets.UTF_8);
        Path out = tmp.resolve("tf.hyp");
        Cli.Run tr = Cli.run("translate", "--bundle", runDir.resolve("checkpoints/averaged.bundle").toString(),
                "--input", src.toString(), "--output", out.toString(), "--beam", "3");
        assertEquals(0, tr.code(), tr.err());
        assertEquals(2, Files.readAllLines(out, StandardCharsets.UTF_8).size(), "a line out per line in");
    }

    /**
     * {@code spark-nmt shortlist} counts the training pairs on Spark, writes a copy of the bundle carrying the
     * shortlist (the input is left as it was), which translates; a prep output of other vocabularies is refused.
     */
    @Test
    void addsALearntShortlistToACopyOfTheBundle() throws IOException {
        Path runDir = tmp.resolve("shortlisted");
        assertEquals(0, Cli.run(Cli.train(prep, runDir, "--set", "maxSteps=6")).code());
        Path bundle = runDir.resolve("checkpoints/step-000000006.bundle");
        Path out = tmp.resolve("shortlisted.bundle");
        Cli.Run r = Cli.run("shortlist", "--prep", prep.toString(), "--bundle", bundle.toString(), "--output",
                out.toString(), "--per-source", "2", "--frequent", "3", "--master", "local[2]");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 targets per source token, 5 for every batch (3 most frequent, EOS, UNK)"),
                r.out());
        Bundle with = BundleIO.read(out);
        assertEquals(5, with.shortlist().orElseThrow().alwaysCount());
        assertTrue(with.shortlist().orElseThrow().maxPerSource() <= 3, "2 by Dice and the same token");
        assertTrue(BundleIO.read(bundle).shortlist().isEmpty(), "the input bundle is left as it was");
        Path src = tmp.resolve("shortlisted.txt");
        Files.writeString(src, "你好。\n我们走吧。\n", StandardCharsets.UTF_8);
        Path hyp = tmp.resolve("shortlisted.hyp");
        Cli.Run tr = Cli.run("translate", "--local", "--beam", "3", "--bundle", out.toString(), "--input",
                src.toString(), "--output", hyp.toString());
        assertEquals(0, tr.code(), tr.err());
        assertEquals(2, Files.readAllLines(hyp, StandardCharsets.UTF_8).size());

        Path otherPrep = tmp.resolve("other-prep");
        try (Stream<Path> files = Files.walk(prep)) {
            for (Path p : files.filter(f -> !f.getFileName().toString().endsWith(".crc")).toList()) {
                Files.copy(p, otherPrep.resolve(prep.relativize(p).toString())); // Hadoop's .crc would not match
            }
        }
        Path vocab = otherPrep.resolve("vocab.target.txt");
        java.util.List<String> tokens = Files.readAllLines(vocab, StandardCharsets.UTF_8);
        Files.write(vocab, tokens.subList(0, tokens.size() - 1), StandardCharsets.UTF_8);
        Cli.Run refused = Cli.run("shortlist", "--prep", otherPrep.toString(), "--bundle", bundle.toString(),
                "--output", tmp.resolve("never.bundle").toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("has other vocabularies than the bundle"), refused.err());
    }

    @Test
    void refusesAnUnknownDl4jKnobValueNamingTheAllowedOnes() {
        Cli.Run r = Cli.run(Cli.train(prep, tmp.resolve("never-made"), "--set", "repartition=sometimes"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("repartition") && r.err().contains("always, never, whenWorkersDiffer"), r.err());
        Cli.Run level = Cli.run(Cli.train(prep, tmp.resolve("never-made"), "--set", "storageLevel=IN_THE_CLOUD"));
        assertEquals(2, level.code());
        assertTrue(level.err().contains("storageLevel") && level.err().contains("MEMORY_AND_DISK_SER"), level.err());
    }
}
