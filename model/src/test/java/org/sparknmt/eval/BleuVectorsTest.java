package org.sparknmt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every folder of ../shared/bleu-vectors: what sacreBLEU 2.6.0 printed for {@code sacrebleu ref.txt -i hyp.txt
 * -m bleu -w 4 [--tokenize T] [-lc]}, reproduced from hyp.txt and ref.txt.
 */
class BleuVectorsTest {
    private static final List<String> KNOWN = List.of("de-13a-heavy", "de-13a-mild", "de-13a-short", "en-13a-punct",
            "en-lowercase", "zh-tokenize-13a", "zh-tokenize-zh");
    private static final Pattern VERBOSE = Pattern.compile(
            "([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) \\(BP = ([0-9.]+) ratio = ([0-9.]+) hyp_len = (\\d+) ref_len = (\\d+)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path vectorsDir() {
        Path dir = Path.of(System.getProperty("shared.dir", "../../shared")).resolve("bleu-vectors");
        Assumptions.assumeTrue(Files.isDirectory(dir), "the ../shared data is missing (looked for "
                + dir.toAbsolutePath() + "; set -Dshared.dir to the shared directory)");
        return dir;
    }

    private static List<Path> vectorFolders() throws IOException {
        try (Stream<Path> s = Files.list(vectorsDir())) {
            return s.filter(p -> Files.isRegularFile(p.resolve("sacrebleu.json"))).sorted().toList();
        }
    }

    @Test
    void allKnownVectorsArePresent() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        vectorFolders().forEach(p -> names.add(p.getFileName().toString()));
        assertTrue(names.containsAll(KNOWN), "expected at least " + KNOWN + ", found " + names);
    }

    @TestFactory
    Stream<DynamicTest> everyVectorMatchesSacreBleu() throws IOException {
        return vectorFolders().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
                () -> checkVector(dir)));
    }

    static void checkVector(Path dir) throws IOException {
        JsonNode expected = JSON.readTree(Files.readString(dir.resolve("sacrebleu.json"), StandardCharsets.UTF_8));
        BleuTokenizer tok = BleuTokenizer.fromName(expected.get("tok").asText());
        String caseField = expected.get("case").asText();
        assertTrue(caseField.equals("lc") || caseField.equals("mixed"), "case field: " + caseField);
        assertEquals("1", expected.get("nrefs").asText());
        assertEquals("exp", expected.get("smooth").asText());
        assertEquals("no", expected.get("eff").asText());

        List<String> hyps = TextSegments.read(dir.resolve("hyp.txt"));
        List<String> refs = TextSegments.read(dir.resolve("ref.txt"));
        BleuScore ours = CorpusBleu.score(hyps, refs, tok, caseField.equals("lc"));

        double theirScore = expected.get("score").asDouble();
        assertTrue(Math.abs(ours.score() - theirScore) < 5e-5,
                () -> "score " + ours.score() + " vs sacreBLEU " + theirScore);
        assertEquals(theirScore, Double.parseDouble(ours.formatScore(4)), "score printed with -w 4");

        Matcher m = VERBOSE.matcher(expected.get("verbose_score").asText());
        assertTrue(m.matches(), "verbose_score: " + expected.get("verbose_score").asText());
        double[] precisions = ours.precisions();
        for (int i = 0; i < 4; i++) {
            assertEquals(m.group(i + 1), PyFormat.fixed(precisions[i], 1), "precision " + (i + 1));
        }
        assertEquals(m.group(5), PyFormat.fixed(ours.bp(), 3), "BP");
        assertEquals(m.group(6), PyFormat.fixed(ours.ratio(), 3), "ratio");
        assertEquals(Long.parseLong(m.group(7)), ours.hypLength(), "hyp_len");
        assertEquals(Long.parseLong(m.group(8)), ours.refLength(), "ref_len");
        assertEquals(expected.get("verbose_score").asText(), ours.verbose());

        // same signature fields; only the version names us instead of sacreBLEU
        String theirSignature = expected.get("signature").asText();
        String theirVersion = expected.get("version").asText();
        assertEquals(theirSignature.replace("version:" + theirVersion, "version:" + Signatures.VERSION),
                ours.signature());
        // and byte-for-byte sacreBLEU's JSON output, version aside
        String theirJson = Files.readString(dir.resolve("sacrebleu.json"), StandardCharsets.UTF_8).strip();
        assertEquals(theirJson.replace(theirVersion, Signatures.VERSION), ours.toJson(4));
        System.out.printf("%-16s ours %s | sacreBLEU %s %s%n", dir.getFileName(), ours.format(4),
                expected.get("score").asText(), expected.get("verbose_score").asText());
    }
}
