package org.sparknmt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promotion decided by a real BLEU difference, on a task a tiny model learns within a test: Chinese numerals to
 * English number words, word for word. The first run trains 6 steps (a weak model); a run on more pairs trains
 * on from it, beats it on the pinned test set by more than the margin and is promoted (its history line, CURRENT
 * switched to its bundle); a run on misaligned pairs (each source with another pair's target) trains on from that
 * model, scores below it and is refused even at margin 0, leaving CURRENT as it was. (Test BLEU here: 0.00 after 6
 * steps, 44.34 after 120 more, 0.00 after 60 steps of misaligned pairs.)
 */
class RetrainPromotionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] NUMERALS = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    private static final String[] WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    /** BLEU points the trained candidate must gain over the 6-step model. */
    private static final double MARGIN = 5.0;

    @Test
    void promotesACandidateThatBeatsTheCurrentModelAndRefusesOneThatDoesNot(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("models");
        Path first = write(dir.resolve("first.tsv"), pairs(1500, 1, 0));
        Path more = write(dir.resolve("more.tsv"), pairs(3000, 1, 0));
        Path misaligned = write(dir.resolve("misaligned.tsv"), pairs(3000, 2, 17));
        List<String> test = pairs(100, 3, 0);
        Path testSrc = write(dir.resolve("test.zh"), test.stream().map(l -> l.split("\t")[1]).toList());
        Path testRef = write(dir.resolve("test.en"), test.stream().map(l -> l.split("\t")[0]).toList());

        Cli.Run weak = Cli.run(retrain(models, first, 6, "--margin", "0", "--test-source", testSrc.toString(),
                "--test-reference", testRef.toString()));
        assertEquals(0, weak.code(), weak.err());
        String weakBundle = current(models);

        Cli.Run gain = Cli.run(retrain(models, more, 120, "--margin", String.valueOf(MARGIN)));
        JsonNode promoted = history(models).get(1);
        System.out.println("candidate trained on: " + promoted);
        assertEquals(0, gain.code(), gain.err() + gain.out());
        assertEquals("promoted", promoted.get("decision").asText());
        assertEquals(weakBundle, "bundles/" + promoted.get("current").asText(), "measured against the weak model");
        assertTrue(promoted.get("candidateBleu").asDouble() >= promoted.get("currentBleu").asDouble() + MARGIN,
                promoted.toString());
        String strongBundle = current(models);
        assertEquals("bundles/" + promoted.get("promoted").asText(), strongBundle, "CURRENT switched to the candidate");
        assertTrue(Files.exists(models.resolve(strongBundle)) && Files.exists(models.resolve(weakBundle)));
        byte[] currentBytes = Files.readAllBytes(models.resolve("CURRENT"));

        Cli.Run worse = Cli.run(retrain(models, misaligned, 60, "--margin", "0"));
        JsonNode refused = history(models).get(2);
        System.out.println("candidate trained on misaligned pairs: " + refused);
        assertEquals(3, worse.code(), worse.err() + worse.out());
        assertEquals("not_promoted", refused.get("decision").asText());
        assertEquals(strongBundle, "bundles/" + refused.get("current").asText());
        assertTrue(refused.get("candidateBleu").asDouble() < refused.get("currentBleu").asDouble(), refused.toString());
        assertTrue(refused.get("reason").asText().contains("is not 0.00 above"), refused.toString());
        assertArrayEquals(currentBytes, Files.readAllBytes(models.resolve("CURRENT")), "CURRENT untouched");
    }

    /**
     * {@code n} TSV lines {@code english<TAB>chinese} of 3 to 8 random digits; with {@code shift} > 0 line i pairs
     * the English of sequence i with the Chinese of sequence i + shift.
     */
    private static List<String> pairs(int n, long seed, int shift) {
        Random r = new Random(seed);
        List<int[]> digits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            digits.add(r.ints(3 + r.nextInt(6), 0, 10).toArray());
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(say(digits.get(i), WORDS) + "\t" + say(digits.get((i + shift) % n), NUMERALS));
        }
        return lines;
    }

    private static String say(int[] digits, String[] names) {
        List<String> w = new ArrayList<>();
        for (int d : digits) {
            w.add(names[d]);
        }
        return String.join(" ", w);
    }

    /** Retrains the tiny model ({@link Cli#TINY}, learning rate 0.01) for {@code steps}; best checkpoint by loss. */
    private static String[] retrain(Path models, Path input, int steps, String... more) {
        List<String> a = new ArrayList<>(List.of("retrain", "--model-dir", models.toString(), "--input", input.toString(),
                "--master", "local[2]", "--prep-set", "subword.merges=100", "--prep-set", "batch.size=32",
                "--prep-set", "split.valid=0.05"));
        a.addAll(Cli.tinyTrainSets());
        for (String s : new String[]{"maxSteps=" + steps, "model.learningRate=0.01", "validation.maxSentences=0",
                "validation.patience=0", "validation.decayPatience=0"}) {
            a.addAll(List.of("--train-set", s));
        }
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private static Path write(Path p, List<String> lines) throws IOException {
        return Files.write(p, lines, StandardCharsets.UTF_8);
    }

    private static String current(Path models) throws IOException {
        return Files.readString(models.resolve("CURRENT"), StandardCharsets.UTF_8).trim();
    }

    private static List<JsonNode> history(Path models) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(models.resolve("history.jsonl"), StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }
}
