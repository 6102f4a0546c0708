package org.sparknmt.prep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A prep run's {@code manifest.json} as its readers need it (typed; written by {@link Manifest}). The text itself
 * and its SHA-256 are kept too: a trained bundle names the data it came from by that checksum.
 *
 * @param json       the manifest as written
 * @param sha256     SHA-256 of {@code json} (UTF-8), lower-case hex
 * @param batchSize  sentence pairs per batch ({@code config.batch.size})
 * @param train      the training split's statistics
 * @param inputs     the input files prep read
 */
public record PrepManifest(String json, String sha256, int batchSize, SplitStats train, List<InputFile> inputs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One split's figures; all zero when the manifest has no such split. */
    public record SplitStats(long pairs, long batches, long sourceTokens, long targetTokens, long targetSlots) {
    }

    /** An input file: where it was, its size and SHA-256. */
    public record InputFile(String path, long bytes, String sha256) {
    }

    /**
     * Reads a manifest's text.
     *
     * @param name names the manifest in error messages (e.g. its path)
     * @throws PrepException when it is not a manifest of a known format version, naming what is wrong and the fix
     */
    public static PrepManifest parse(String json, String name) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid(name, "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw invalid(name, "is not a JSON object");
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version != Manifest.FORMAT_VERSION) {
            throw invalid(name, "has formatVersion " + root.path("formatVersion") + "; this version reads "
                    + Manifest.FORMAT_VERSION);
        }
        JsonNode size = root.at("/config/batch/size");
        if (!size.canConvertToInt() || size.asInt() < 1) {
            throw invalid(name, "has no config.batch.size of at least 1");
        }
        JsonNode t = root.at("/splits/train");
        SplitStats train = new SplitStats(t.path("pairs").asLong(), t.path("batches").asLong(),
                t.path("sourceTokens").asLong(), t.path("targetTokens").asLong(), t.path("targetSlots").asLong());
        List<InputFile> inputs = new ArrayList<>();
        for (JsonNode input : root.path("inputs")) {
            inputs.add(new InputFile(input.path("path").asText(), input.path("bytes").asLong(),
                    input.path("sha256").asText()));
        }
        return new PrepManifest(json, sha256(json), size.asInt(), train, List.copyOf(inputs));
    }

    private static PrepException invalid(String name, String problem) {
        return new PrepException("prep manifest " + name + " " + problem + "; re-run 'spark-nmt prep' to write it anew");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
