package org.sparknmt.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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

    private record Run(int code, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = SparkNmt.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        return new Run(cli.execute(args), err.toString());
    }

    private static final String[] TINY = {"--master", "local[2]", "--set", "validation.maxSentences=20",
            "--set", "model.embedding=16", "--set", "model.hidden=32", "--set", "model.attentionSize=32",
            "--set", "checkpoint.everySteps=6", "--set", "checkpoint.keepLast=2"};

    private static String[] train(Path prep, Path run, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--prep", prep.toString(), "--run", run.toString()));
        a.addAll(List.of(TINY));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @BeforeAll
    void prepSmallCorpus(@TempDir Path dir) throws IOException {
        tmp = dir;
        Path corpus = Paths.get(System.getProperty("project.root", "..")).resolve("data/tatoeba-cmn-eng/cmn.txt");
        List<String> lines;
        try (Stream<String> s = Files.lines(corpus, StandardCharsets.UTF_8)) {
            lines = s.limit(1500).toList();
        }
        Path small = Files.write(tmp.resolve("small.tsv"), lines, StandardCharsets.UTF_8);
        prep = tmp.resolve("prep");
        Run r = run("prep", "--input", small.toString(), "--output", prep.toString(), "--master", "local[2]",
                "--set", "subword.merges=300", "--set", "batch.size=32", "--set", "split.valid=0.05");
        assertEquals(0, r.code(), r.err());
    }

    private static String pointer(Path run, String which) throws IOException {
        return Files.readString(run.resolve("checkpoints/" + which)).trim();
    }

    private static long lines(Path file, String type) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.contains("\"type\":\"" + type + "\"")).count();
    }

    @Test
    void trainsCheckpointsRefusesResumesAndSkipsATruncatedCheckpoint() throws IOException {
        Path runDir = tmp.resolve("run");
        Run first = run(train(prep, runDir, "--set", "maxSteps=12", "--set", "logEverySteps=3"));
        assertEquals(0, first.code(), first.err());
        assertEquals("step-000000012.bundle", pointer(runDir, "latest"));
        assertTrue(Files.exists(runDir.resolve("checkpoints/" + pointer(runDir, "best"))), "best points to a kept bundle");
        assertEquals(4, lines(runDir.resolve("metrics.jsonl"), "train"), "a progress point every 3 steps");
        assertEquals(2, lines(runDir.resolve("metrics.jsonl"), "valid"), "a validation every 6 steps");
        assertTrue(Files.readString(runDir.resolve("report.html")).contains("<svg"), "report draws curves");
        assertTrue(Files.exists(runDir.resolve("config.yaml")) && Files.exists(runDir.resolve("prep-manifest.json")));
        try (Stream<Path> s = Files.list(runDir.resolve("checkpoints"))) {
            assertEquals(2, s.filter(p -> p.toString().endsWith(".bundle")).count(), "keepLast=2 (the best is one of them)");
        }

        Run refused = run(train(prep, runDir, "--set", "maxSteps=12"));
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("already exists") && refused.err().contains("--resume")
                && refused.err().contains("--overwrite"), refused.err());

        Run resumed = run(train(prep, runDir, "--resume", "--set", "maxSteps=18"));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals("step-000000018.bundle", pointer(runDir, "latest"));
        assertEquals(5, lines(runDir.resolve("metrics.jsonl"), "train"), "the resumed run keeps the earlier curve");

        Path latest = runDir.resolve("checkpoints/" + pointer(runDir, "latest"));
        byte[] bytes = Files.readAllBytes(latest);
        Files.write(latest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Run fallback = run(train(prep, runDir, "--resume", "--set", "maxSteps=24"));
        assertEquals(0, fallback.code(), fallback.err());
        assertEquals("step-000000024.bundle", pointer(runDir, "latest"));
        // resumed from step 12 (the truncated step-18 bundle was skipped): two more chunks of 6 reach 24
        assertEquals(6, lines(runDir.resolve("metrics.jsonl"), "train"),
                "points of the abandoned 12 -> 18 stretch are dropped; 12 -> 18 -> 24 again after the fallback");
    }
}
