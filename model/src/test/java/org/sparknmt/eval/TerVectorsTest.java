package org.sparknmt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TER vectors kept in this repository (test resources {@code org/sparknmt/eval/vectors}, see their README): what
 * sacreBLEU 2.6.0 printed for {@code -m ter [options]}, the corpus score as JSON and every segment's score
 * ({@code -sl}), reproduced to 4 decimals with the same signature (version aside).
 */
class TerVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"ter-default", "ter-case-sensitive", "ter-normalized", "ter-no-punct", "ter-asian",
        "ter-long"})
    void matchesSacreBleu(String name) throws IOException, URISyntaxException {
        Path dir = RepoBleuVectorsTest.vectors().resolve(name);
        String theirJson = Files.readString(dir.resolve("sacrebleu.json"), StandardCharsets.UTF_8).strip();
        JsonNode expected = JSON.readTree(theirJson);
        assertEquals("1", expected.get("nrefs").asText());
        assertEquals("tercom", expected.get("tok").asText());
        TerOptions options = new TerOptions(expected.get("case").asText().equals("mixed"),
                expected.get("norm").asText().equals("yes"), expected.get("punct").asText().equals("no"),
                expected.get("asian").asText().equals("yes"));
        String theirVersion = "version:" + expected.get("version").asText();
        String ourVersion = "version:" + Signatures.VERSION;

        List<String> hyps = TextSegments.read(dir.resolve("hyp.txt"));
        List<String> refs = TextSegments.read(dir.resolve("ref.txt"));
        List<String> segments = Files.readAllLines(dir.resolve("sacrebleu-segments.txt"), StandardCharsets.UTF_8);
        assertEquals(hyps.size(), segments.size(), "segment lines");
        for (int i = 0; i < hyps.size(); i++) {
            TerScore segment = CorpusTer.score(List.of(hyps.get(i)), List.of(refs.get(i)), options);
            assertEquals(segments.get(i).replace(theirVersion, ourVersion), segment.formatWithSignature(4),
                    "segment " + (i + 1) + ": " + hyps.get(i) + " | " + refs.get(i));
        }

        TerScore ours = CorpusTer.score(hyps, refs, options);
        assertEquals(expected.get("score").asDouble(), Double.parseDouble(ours.formatScore(4)), "score, -w 4");
        assertEquals(expected.get("signature").asText().replace(theirVersion, ourVersion), ours.signature());
        assertEquals(theirJson.replace(theirVersion, ourVersion).replace("\"version\": \""
                + expected.get("version").asText(), "\"version\": \"" + Signatures.VERSION), ours.toJson(4));
        System.out.printf("%-18s ours %s (%d edits / %d words) | sacreBLEU %s%n", name, ours.format(4),
                ours.numEdits(), ours.refLength(), expected.get("score").asText());
    }
}
