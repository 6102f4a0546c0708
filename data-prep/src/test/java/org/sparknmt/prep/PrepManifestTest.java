package org.sparknmt.prep;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed manifest reader: the values readers need, and a message naming the file and the fix when it is not one. */
class PrepManifestTest {
    private static final String VALID = """
            {"formatVersion": 1, "config": {"batch": {"size": 48}},
             "splits": {"train": {"pairs": 10, "batches": 2, "sourceTokens": 70, "targetTokens": 80, "targetSlots": 96}},
             "inputs": [{"path": "hdfs:///c.tsv", "bytes": 123, "sha256": "ab"}]}""";

    @Test
    void readsTheValuesTheTrainerNeeds() {
        PrepManifest m = PrepManifest.parse(VALID, "m.json");
        assertEquals(48, m.batchSize());
        assertEquals(new PrepManifest.SplitStats(10, 2, 70, 80, 96), m.train());
        assertEquals(new PrepManifest.InputFile("hdfs:///c.tsv", 123, "ab"), m.inputs().get(0));
        assertEquals(VALID, m.json());
        assertEquals(64, m.sha256().length());
        assertEquals(m.sha256(), PrepManifest.parse(VALID, "again").sha256(), "the checksum is of the text");
    }

    @Test
    void rejectsWhatIsNotAManifestNamingTheFileAndTheFix() {
        for (String[] bad : new String[][]{
                {"{not json", "is not valid JSON"},
                {"[1]", "is not a JSON object"},
                {VALID.replace("\"formatVersion\": 1", "\"formatVersion\": 2"), "has formatVersion 2"},
                {VALID.replace("\"size\": 48", "\"size\": 0"), "has no config.batch.size"},
                {VALID.replace("{\"size\": 48}", "{}"), "has no config.batch.size"}}) {
            PrepException e = assertThrows(PrepException.class, () -> PrepManifest.parse(bad[0], "hdfs:///p/manifest.json"));
            assertTrue(e.getMessage().startsWith("prep manifest hdfs:///p/manifest.json " + bad[1]), e.getMessage());
            assertTrue(e.getMessage().endsWith("re-run 'spark-nmt prep' to write it anew"), e.getMessage());
        }
    }
}
