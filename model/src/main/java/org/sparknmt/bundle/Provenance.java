package org.sparknmt.bundle;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a bundle comes from.
 *
 * @param prepManifestSha256 SHA-256 (64 lower-case hex digits) of the prep output's {@code manifest.json} the network
 *                           was trained on, which pins data, BPE and vocabularies
 * @param createdAt          when the bundle was written, as an ISO-8601 UTC instant, e.g. "2024-05-01T12:00:00Z"
 * @param createdBy          the program that wrote it, e.g. "spark-nmt 0.1.0"; one line
 */
public record Provenance(String prepManifestSha256, String createdAt, String createdBy) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public Provenance {
        Objects.requireNonNull(prepManifestSha256, "prepManifestSha256");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        if (!SHA256_HEX.matcher(prepManifestSha256).matches()) {
            throw new IllegalArgumentException("prepManifestSha256 must be 64 lower-case hex digits, was \""
                    + prepManifestSha256 + "\"");
        }
        try {
            Instant.parse(createdAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("createdAt must be an ISO-8601 UTC instant such as 2024-05-01T12:00:00Z, was \""
                    + createdAt + "\"", e);
        }
        if (createdBy.isBlank() || createdBy.contains("\n") || createdBy.contains("\r")) {
            throw new IllegalArgumentException("createdBy must be one non-blank line such as \"spark-nmt 0.1.0\", was \""
                    + createdBy + "\"");
        }
    }

    public static Provenance of(String prepManifestSha256, Instant createdAt, String createdBy) {
        return new Provenance(prepManifestSha256, Objects.requireNonNull(createdAt, "createdAt").toString(), createdBy);
    }
}
