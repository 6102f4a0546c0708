package org.sparknmt.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparknmt.bundle.Fixtures.bytes;
import static org.sparknmt.bundle.Fixtures.read;
import static org.sparknmt.bundle.Fixtures.unzip;
import static org.sparknmt.bundle.Fixtures.utf8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.sparknmt.subword.BpeModel;
import org.sparknmt.subword.Subwords;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BundleIORoundTripTest {
    private final ComputationGraph trained = Fixtures.trained(5);
    private final Bundle original = Fixtures.bundle(trained, Fixtures.perSide());
    private final byte[] written = bytes(original);

    @Test
    void readGivesBackEveryPart() throws IOException {
        Bundle back = read(written, "b.zip");

        assertArrayEquals(trained.params().toFloatVector(), back.network().params().toFloatVector());
        float[] updaterState = trained.getUpdater().getStateViewArray().toFloatVector();
        assertTrue(updaterState.length == 2 * trained.numParams(), "Adam keeps two values per parameter");
        assertTrue(nonZero(updaterState) > updaterState.length / 2, "the training steps filled the Adam state");
        assertArrayEquals(updaterState, back.network().getUpdater().getStateViewArray().toFloatVector());
        assertEquals(trained.getConfiguration().toJson(), back.network().getConfiguration().toJson());
        assertEquals(5, back.network().getConfiguration().getIterationCount());

        assertEquals(original.sourceVocab(), back.sourceVocab());
        assertEquals(original.targetVocab(), back.targetVocab());
        assertFalse(back.subwords().joint());
        assertSameBpe(original.subwords().source(), back.subwords().source());
        assertSameBpe(original.subwords().target(), back.subwords().target());
        assertEquals(BpeModel.Version.V0_1, back.subwords().target().version());
        assertEquals(Fixtures.MODEL_YAML, back.modelConfigYaml());
        assertEquals(Fixtures.DATA_YAML, back.dataConfigYaml());
        assertEquals(Fixtures.STATE, back.state());
        assertEquals(Fixtures.PROVENANCE, back.provenance());
    }

    @Test
    void loadedNetworkComputesTheSameOutput() throws IOException {
        ComputationGraph back = read(written, "b.zip").network();
        MultiDataSet batch = Fixtures.batch();
        INDArray[] expected = trained.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays());
        INDArray[] actual = back.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays());
        assertEquals(1, actual.length);
        assertArrayEquals(new long[] {3, Fixtures.TARGET_SIZE, 5}, actual[0].shape());
        assertArrayEquals(expected[0].ravel().toFloatVector(), actual[0].ravel().toFloatVector());
    }

    @Test
    void writesTheEntriesInTheirFixedOrderWithChecksumsLast() throws IOException {
        Map<String, byte[]> entries = unzip(written);
        assertEquals(List.of("FORMAT", "network.zip", "vocab.source.txt", "vocab.target.txt", "bpe.source.codes",
                "bpe.target.codes", "model.yaml", "data.yaml", "state.json", "provenance.json", "CHECKSUMS"),
                List.copyOf(entries.keySet()));
        assertEquals("spark-nmt-bundle 1\n", new String(entries.get("FORMAT"), StandardCharsets.UTF_8));

        StringBuilder expected = new StringBuilder();
        entries.forEach((name, data) -> {
            if (!name.equals("CHECKSUMS")) {
                expected.append(Fixtures.sha256(data)).append("  ").append(name).append('\n');
            }
        });
        assertEquals(expected.toString(), new String(entries.get("CHECKSUMS"), StandardCharsets.UTF_8));
    }

    @Test
    void jointSubwordsAreOneBpeCodesEntry() throws IOException {
        BpeModel shared = Fixtures.sourceBpe();
        byte[] joint = bytes(Fixtures.bundle(trained, Subwords.joint(shared)));
        assertEquals(List.of("FORMAT", "network.zip", "vocab.source.txt", "vocab.target.txt", "bpe.codes", "model.yaml",
                "data.yaml", "state.json", "provenance.json", "CHECKSUMS"), List.copyOf(unzip(joint).keySet()));

        Bundle back = read(joint, "joint.zip");
        assertTrue(back.subwords().joint());
        assertSameBpe(shared, back.subwords().source());
        assertSameBpe(shared, back.subwords().target());
    }

    @Test
    void textEntriesAreTheDocumentedFormats() throws IOException {
        Map<String, byte[]> entries = unzip(written);
        assertArrayEquals(Fixtures.vocabBytes(original.sourceVocab()), entries.get("vocab.source.txt"));
        assertArrayEquals(Fixtures.vocabBytes(original.targetVocab()), entries.get("vocab.target.txt"));
        assertEquals("#version: 0.2\n源 码</w>\na b\nab c</w>\n",
                new String(entries.get("bpe.source.codes"), StandardCharsets.UTF_8));
        assertEquals("x y\nxy z\n", new String(entries.get("bpe.target.codes"), StandardCharsets.UTF_8));
        assertArrayEquals(utf8(Fixtures.MODEL_YAML), entries.get("model.yaml"));
        assertArrayEquals(utf8(Fixtures.DATA_YAML), entries.get("data.yaml"));
        assertEquals("{\n  \"epoch\" : 3,\n  \"step\" : 5,\n  \"batchesInEpoch\" : 2,\n  \"bestValidationScore\" : 12.5,\n"
                + "  \"seed\" : 42\n}\n", new String(entries.get("state.json"), StandardCharsets.UTF_8));
        assertEquals("{\n  \"prepManifestSha256\" : \"" + "ab".repeat(32) + "\",\n  \"createdAt\" : \"2024-05-01T12:00:00Z\",\n"
                + "  \"createdBy\" : \"spark-nmt 0.1.0\"\n}\n",
                new String(entries.get("provenance.json"), StandardCharsets.UTF_8));
    }

    @Test
    void writingTwiceGivesTheSameEntriesExceptDl4jsTimestampedNetworkZip() throws IOException {
        Map<String, byte[]> first = unzip(written);
        Map<String, byte[]> second = unzip(bytes(original));
        assertEquals(first.keySet(), second.keySet());
        for (String name : first.keySet()) {
            if (!name.equals("network.zip") && !name.equals("CHECKSUMS")) {
                assertArrayEquals(first.get(name), second.get(name), name);
            }
        }
    }

    @Test
    void networkEntryIsAnOrdinaryDl4jModelFile() throws IOException {
        byte[] networkZip = unzip(written).get("network.zip");
        ComputationGraph viaDl4j = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(networkZip), true);
        assertArrayEquals(trained.params().toFloatVector(), viaDl4j.params().toFloatVector());
        assertArrayEquals(trained.getUpdater().getStateViewArray().toFloatVector(),
                viaDl4j.getUpdater().getStateViewArray().toFloatVector());
    }

    @Test
    void readsAFileAndLeavesTheCallersStreamOpen(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.bundle");
        BundleIO.writeAtomically(original, file);
        Bundle back = BundleIO.read(file);
        assertArrayEquals(trained.params().toFloatVector(), back.network().params().toFloatVector());
        assertEquals(Fixtures.PROVENANCE, back.provenance());

        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(Files.readAllBytes(file)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertEquals(Fixtures.STATE, BundleIO.read(in, "stream").state());
        assertFalse(closed[0]);
        assertEquals(-1, in.read(), "read consumed the whole ZIP file");
    }

    @Test
    void aValidationScoreOfNaNSurvives() throws IOException {
        Bundle fresh = new Bundle(trained, Fixtures.sourceVocab(), Fixtures.targetVocab(), Fixtures.perSide(), "", "",
                TrainingState.start(7), Fixtures.PROVENANCE);
        Bundle back = read(bytes(fresh), "fresh.zip");
        assertEquals(TrainingState.start(7), back.state());
        assertTrue(Double.isNaN(back.state().bestValidationScore()));
        assertEquals("", back.modelConfigYaml());
        assertNotEquals(Fixtures.STATE, back.state());
    }

    /**
     * A shortlist is an optional entry before CHECKSUMS: it reads back equal; a bundle without one has no such entry;
     * one made for other vocabularies, or damaged with matching checksums, is refused naming the entry.
     */
    @Test
    void anOptionalShortlistRoundTripsAndIsCheckedAgainstTheVocabularies() throws IOException {
        assertFalse(read(written, "b.zip").shortlist().isPresent());
        assertFalse(unzip(written).containsKey("shortlist.txt"));
        int[][] bySource = new int[Fixtures.SOURCE_SIZE][];
        bySource[5] = new int[]{7, 9};
        org.sparknmt.decode.Shortlist shortlist = new org.sparknmt.decode.Shortlist(Fixtures.SOURCE_SIZE,
                Fixtures.TARGET_SIZE, new int[]{4}, bySource);
        byte[] with = bytes(original.withShortlist(shortlist));
        assertEquals(List.of("FORMAT", "network.zip", "vocab.source.txt", "vocab.target.txt", "bpe.source.codes",
                "bpe.target.codes", "model.yaml", "data.yaml", "state.json", "provenance.json", "shortlist.txt",
                "CHECKSUMS"), List.copyOf(unzip(with).keySet()));
        Bundle back = read(with, "with.zip");
        assertEquals(shortlist, back.shortlist().orElseThrow());
        assertArrayEquals(trained.params().toFloatVector(), back.network().params().toFloatVector());

        IllegalArgumentException sizes = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> original.withShortlist(new org.sparknmt.decode.Shortlist(Fixtures.SOURCE_SIZE + 1,
                        Fixtures.TARGET_SIZE, new int[0], new int[Fixtures.SOURCE_SIZE + 1][])));
        assertTrue(sizes.getMessage().contains("vocabularies of 11/12 tokens"), sizes.getMessage());
        Map<String, byte[]> entries = unzip(with);
        entries.put("shortlist.txt", utf8("spark-nmt-shortlist 1 source=10 target=12\nalways 3\n5 7 12\n"));
        BundleException bad = org.junit.jupiter.api.Assertions.assertThrows(BundleException.class,
                () -> read(Fixtures.zipWithChecksums(entries), "bad.zip"));
        assertTrue(bad.getMessage().startsWith("bad.zip: entry 'shortlist.txt' is not a valid shortlist:"),
                bad.getMessage());
        entries.put("shortlist.txt", utf8("spark-nmt-shortlist 1 source=9 target=12\nalways 3\n"));
        bad = org.junit.jupiter.api.Assertions.assertThrows(BundleException.class,
                () -> read(Fixtures.zipWithChecksums(entries), "bad.zip"));
        assertTrue(bad.getMessage().contains("the shortlist does not fit the bundle's vocabularies"), bad.getMessage());
    }

    private static void assertSameBpe(BpeModel expected, BpeModel actual) {
        assertEquals(expected.merges(), actual.merges());
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.encode("abc"), actual.encode("abc"));
    }

    private static int nonZero(float[] values) {
        int n = 0;
        for (float v : values) {
            if (v != 0) {
                n++;
            }
        }
        return n;
    }
}
