package org.sparknmt.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void ofWritesTheInstantInIso8601() {
        Provenance p = Provenance.of(SHA, Instant.ofEpochSecond(1_714_564_800L, 5_000_000), "spark-nmt 0.1.0");
        assertEquals("2024-05-01T12:00:00.005Z", p.createdAt());
        assertEquals(new Provenance(SHA, "2024-05-01T12:00:00.005Z", "spark-nmt 0.1.0"), p);
    }

    @Test
    void rejectsMalformedFields() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Provenance(SHA.toUpperCase(), "2024-05-01T12:00:00Z", "x"))
                .getMessage().startsWith("prepManifestSha256 must be 64 lower-case hex digits, was \"0123"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Provenance(SHA + "0", "2024-05-01T12:00:00Z", "x"))
                .getMessage().startsWith("prepManifestSha256 must be 64 lower-case hex digits"));
        assertEquals("createdAt must be an ISO-8601 UTC instant such as 2024-05-01T12:00:00Z, was \"yesterday\"",
                assertThrows(IllegalArgumentException.class, () -> new Provenance(SHA, "yesterday", "x")).getMessage());
        assertEquals("createdBy must be one non-blank line such as \"spark-nmt 0.1.0\", was \" \"",
                assertThrows(IllegalArgumentException.class, () -> new Provenance(SHA, "2024-05-01T12:00:00Z", " "))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Provenance(SHA, "2024-05-01T12:00:00Z", "a\nb"));
        assertThrows(NullPointerException.class, () -> new Provenance(null, "2024-05-01T12:00:00Z", "x"));
    }

    @Test
    void jsonRoundTrip() throws IOException {
        Provenance p = new Provenance(SHA, "2024-05-01T12:00:00Z", "spark-nmt 0.1.0 (构建 ✓)");
        assertEquals(p, Json.read(new String(Json.write(p), StandardCharsets.UTF_8), Provenance.class));
    }
}
