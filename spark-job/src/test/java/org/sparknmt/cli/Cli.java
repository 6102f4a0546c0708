package org.sparknmt.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Test helpers: run the command line in this JVM, prep a small slice of the embedded corpus once, and a Spark
 * session for a test's own tables.
 */
final class Cli {
    private Cli() {
    }

    /** Exit code, standard error, and standard output as far as the command writes it through picocli. */
    record Run(int code, String err, String out) {
    }

    static Run run(String... args) {
        picocli.CommandLine cli = SparkNmt.commandLine();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(out));
        int code = cli.execute(args);
        return new Run(code, err.toString(), out.toString());
    }

    /** A tiny model that trains in seconds: checkpoints every 6 batches, the last 2 kept. */
    static final String[] TINY = {"--master", "local[2]", "--set", "validation.maxSentences=20",
            "--set", "model.embedding=16", "--set", "model.hidden=32", "--set", "model.attentionSize=32",
            "--set", "checkpoint.everySteps=6", "--set", "checkpoint.keepLast=2"};

    /** {@link #TINY}'s settings as {@code retrain} takes them: each {@code --set k=v} as {@code --train-set k=v}. */
    static List<String> tinyTrainSets() {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < TINY.length; i++) {
            if (TINY[i].equals("--set")) {
                a.add("--train-set");
                a.add(TINY[++i]);
            }
        }
        return a;
    }

    static String[] train(Path prep, Path run, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--prep", prep.toString(), "--run", run.toString()));
        a.addAll(List.of(TINY));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    /** Preps the first 1,500 pairs of the embedded Tatoeba corpus into {@code dir/prep} (batches of 32). */
    static Path prepSmallCorpus(Path dir) throws IOException {
        Path corpus = Paths.get(System.getProperty("project.root", "..")).resolve("data/tatoeba-cmn-eng/cmn.txt");
        List<String> lines;
        try (Stream<String> s = Files.lines(corpus, StandardCharsets.UTF_8)) {
            lines = s.limit(1500).toList();
        }
        Path small = Files.write(dir.resolve("small.tsv"), lines, StandardCharsets.UTF_8);
        Path prep = dir.resolve("prep");
        Run r = run("prep", "--input", small.toString(), "--output", prep.toString(), "--master", "local[2]",
                "--set", "subword.merges=300", "--set", "batch.size=32", "--set", "split.valid=0.05");
        assertEquals(0, r.code(), r.err());
        return prep;
    }

    /** Preps the small corpus and trains {@link #TINY} for 12 steps in {@code dir}; returns the latest bundle. */
    static Path tinyBundle(Path dir) throws IOException {
        Path prep = prepSmallCorpus(dir);
        Path run = dir.resolve("run");
        Run r = run(train(prep, run, "--set", "maxSteps=12"));
        assertEquals(0, r.code(), r.err());
        return run.resolve("checkpoints").resolve(pointer(run, "latest"));
    }

    /** The validation sources of {@link #prepSmallCorpus}'s output in {@code dir}, as read. */
    static List<String> heldOutSources(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("prep/heldout/valid.raw.src"), StandardCharsets.UTF_8);
    }

    /** The command line in a JVM of its own, like a user's driver (classpath and JDK 17 flags of this test JVM). */
    static Process startDriver(String[] args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.addAll(java.util.Arrays.asList(System.getProperty("jdk17.opens", "").trim().split("\\s+")));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SparkNmt.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** {@code work} on a fresh {@code local[2]} session, stopped afterwards (to write inputs and read outputs). */
    static <T> T withSpark(Function<SparkSession, T> work) {
        SparkSession spark = SparkSession.builder()
                .config(SparkContexts.configure(new SparkConf(), "test", "local[2]")).getOrCreate();
        try {
            return work.apply(spark);
        } finally {
            spark.stop();
        }
    }

    static String pointer(Path run, String which) throws IOException {
        return Files.readString(run.resolve("checkpoints/" + which), StandardCharsets.UTF_8).trim();
    }
}
