package org.sparknmt.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparknmt.bundle.Fixtures.dataOffset;
import static org.sparknmt.bundle.Fixtures.headerOffset;
import static org.sparknmt.bundle.Fixtures.unzip;
import static org.sparknmt.bundle.Fixtures.utf8;
import static org.sparknmt.bundle.Fixtures.zip;
import static org.sparknmt.bundle.Fixtures.zipWithChecksums;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BundleIORejectTest {
    private static final String NAME = "runs/x/bundle.zip";

    private final ComputationGraph trained = Fixtures.trained(2);
    private final byte[] good = Fixtures.bytes(Fixtures.bundle(trained, Fixtures.perSide()));

    private static String rejected(byte[] bytes) {
        return rejected(bytes, ReadLimits.DEFAULT);
    }

    private static String rejected(byte[] bytes, ReadLimits limits) {
        BundleException e = assertThrows(BundleException.class,
                () -> BundleIO.read(new ByteArrayInputStream(bytes), NAME, limits));
        assertTrue(e.getMessage().startsWith(NAME), e.getMessage());
        return e.getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
        }
    }

    private LinkedHashMap<String, byte[]> entries() throws IOException {
        return unzip(good);
    }

    @Test
    void theUnalteredBundleIsAccepted() throws IOException {
        BundleIO.read(new ByteArrayInputStream(good), NAME);
        BundleIO.read(new ByteArrayInputStream(zipWithChecksums(entries())), NAME);
    }

    @Test
    void aFileCutAnywhereIsTruncated() {
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, 1, 3, 4, 29, 30, 31, good.length - 1, good.length - 22));
        for (int cut = 0; cut < good.length; cut += Math.max(1, good.length / 97)) {
            cuts.add(cut);
        }
        for (String entry : List.of("network.zip", "vocab.source.txt", "state.json", "CHECKSUMS")) {
            cuts.add(headerOffset(good, entry));
            cuts.add(headerOffset(good, entry) + 20);
            cuts.add(dataOffset(good, entry) + 1);
        }
        for (int cut = Fixtures.centralDirectoryOffset(good) - 20; cut < Fixtures.centralDirectoryOffset(good) + 10; cut++) {
            cuts.add(cut);
        }
        for (int cut : cuts) {
            String message = rejected(Arrays.copyOf(good, cut));
            assertContains(message, NAME + " is truncated or incomplete: ", "copy the bundle again");
        }
    }

    @Test
    void theTruncationMessageSaysWhereTheFileEnds() {
        assertContains(rejected(new byte[0]), "truncated or incomplete: it is empty");
        int network = dataOffset(good, "network.zip");
        int checksums = headerOffset(good, "CHECKSUMS");
        int centralDirectory = Fixtures.centralDirectoryOffset(good);
        assertContains(rejected(Arrays.copyOf(good, network + (checksums - network) / 2)),
                "truncated or incomplete: it ends inside entry 'network.zip'");
        assertContains(rejected(Arrays.copyOf(good, checksums)),
                "truncated or incomplete: it ends after entry 'provenance.json' without the CHECKSUMS entry");
        assertContains(rejected(Arrays.copyOf(good, dataOffset(good, "CHECKSUMS") + 10)),
                "truncated or incomplete: it ends inside entry 'CHECKSUMS'");
        assertContains(rejected(Arrays.copyOf(good, centralDirectory + 10)),
                "truncated or incomplete: it does not end with a ZIP end-of-central-directory record");
        assertContains(rejected(Arrays.copyOf(good, good.length - 1)),
                "truncated or incomplete: it does not end with a ZIP end-of-central-directory record");
    }

    @Test
    void dataAppendedAfterTheArchiveIsRejected() {
        byte[] longer = Arrays.copyOf(good, good.length + 100);
        assertContains(rejected(longer), "does not end with a ZIP end-of-central-directory record (cut, or other data appended)");
        byte[] muchLonger = Arrays.copyOf(good, good.length + (2 << 20));
        assertContains(rejected(muchLonger), "bytes after its last entry, where only the ZIP central directory belongs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FORMAT", "network.zip", "vocab.target.txt", "bpe.source.codes", "state.json", "CHECKSUMS"})
    void aFlippedByteInsideAnEntryNamesThatEntry(String entry) {
        int start = dataOffset(good, entry);
        byte[] flipped = good.clone();
        int at = start + Math.min(40, (nextHeaderOrDirectory(start) - start) / 2);
        flipped[at] ^= 0x10;
        String message = rejected(flipped);
        assertContains(message, "'" + entry + "'");
        assertTrue(message.contains(" is corrupt: entry '" + entry + "' cannot be read") || message.contains(
                ": checksum mismatch for entry '" + entry + "'"), message);
    }

    private int nextHeaderOrDirectory(int from) {
        for (int at = from; at + 4 <= good.length; at++) {
            if (good[at] == 'P' && good[at + 1] == 'K' && (good[at + 2] == 3 || good[at + 2] == 1)
                    && good[at + 3] == good[at + 2] + 1) {
                return at;
            }
        }
        return good.length;
    }

    @Test
    void anEntryThatNoLongerMatchesItsChecksumIsNamed() throws IOException {
        LinkedHashMap<String, byte[]> entries = entries();
        entries.put("vocab.target.txt", Fixtures.vocabBytes(Fixtures.vocab("▁t", Fixtures.TARGET_SIZE - 4, 1000)));
        String message = rejected(zip(entries));
        assertContains(message, NAME + ": checksum mismatch for entry 'vocab.target.txt' (CHECKSUMS says "
                + Fixtures.sha256(entries().get("vocab.target.txt")), "the file was damaged or altered", "copy the bundle again");
    }

    @Test
    void checksumsMustCoverExactlyTheEntries() throws IOException {
        LinkedHashMap<String, byte[]> entries = entries();
        String sums = new String(entries.get("CHECKSUMS"), java.nio.charset.StandardCharsets.UTF_8);
        entries.put("CHECKSUMS", utf8(sums.replaceAll("(?m)^[0-9a-f]{64}  model\\.yaml\n", "")));
        assertContains(rejected(zip(entries)), ": CHECKSUMS has no line for entry 'model.yaml'");

        entries.put("CHECKSUMS", utf8(sums + "0".repeat(64) + "  extra.txt\n"));
        assertContains(rejected(zip(entries)), ": CHECKSUMS lists entry 'extra.txt', which the bundle does not hold");

        entries.put("CHECKSUMS", utf8(sums + "not a checksum line\n"));
        assertContains(rejected(zip(entries)), ": CHECKSUMS line 11 is malformed: \"not a checksum line\"");
    }

    @Test
    void aNewerFormatVersionSaysSo() throws IOException {
        LinkedHashMap<String, byte[]> entries = entries();
        entries.put("FORMAT", utf8("spark-nmt-bundle 2\n"));
        String message = rejected(zipWithChecksums(entries));
        assertEquals(NAME + " has bundle format version 2 but this spark-nmt reads only version 1: it was written by a newer "
                + "spark-nmt; load it with that release or a later one", message);
        entries.put("FORMAT", utf8("spark-nmt-bundle 0"));
        assertContains(rejected(zipWithChecksums(entries)),
                "has bundle format version 0, which no spark-nmt wrote; supported: 1");
    }

    @Test
    void aMalformedFormatEntryIsNotABundle() throws IOException {
        LinkedHashMap<String, byte[]> entries = entries();
        entries.put("FORMAT", utf8("spark-nmt-bundle one\n"));
        assertContains(rejected(zipWithChecksums(entries)), NAME + " is not a spark-nmt bundle: its FORMAT entry is "
                + "\"spark-nmt-bundle one\", expected \"spark-nmt-bundle <version>\"");
    }

    @Test
    void aBareDl4jModelFileIsNotABundle() throws IOException {
        assertContains(rejected(entries().get("network.zip")),
                NAME + " is a ZIP archive but not a spark-nmt bundle: its first entry is 'configuration.json', not FORMAT");
    }

    @Test
    void aMissingEntryIsNamed() throws IOException {
        LinkedHashMap<String, byte[]> entries = entries();
        entries.remove("vocab.source.txt");
        assertContains(rejected(zip(entries)), NAME + " has no entry 'vocab.source.txt' (required in a version 1 bundle");
        assertContains(rejected(zipWithChecksums(entries)), NAME + " has no entry 'vocab.source.txt'");

        LinkedHashMap<String, byte[]> noBpe = entries();
        noBpe.remove("bpe.target.codes");
        assertContains(rejected(zipWithChecksums(noBpe)), NAME + " has no entry 'bpe.target.codes' (required in a version 1 "
                + "bundle without a joint bpe.codes)");
    }

    @Test
    void jointAndPerSideBpeTogetherAreRejected() throws IOException {
        LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>();
        entries().forEach((name, data) -> {
            entries.put(name, data);
            if (name.equals("bpe.target.codes")) {
                entries.put("bpe.codes", data);
            }
        });
        assertContains(rejected(zipWithChecksums(entries)), "has both the joint bpe.codes and per-side BPE entries");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "/abs.txt", "models/../../evil.txt", "C:evil.txt", "c:/evil.txt", "dir\\evil.txt", ""})
    void anEntryThatEscapesTheBundleIsRejectedBeforeItsDataIsRead(String evil) throws IOException {
        for (boolean afterFormat : new boolean[] {false, true}) {
            List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
            if (afterFormat) {
                entries.add(Map.entry("FORMAT", utf8("spark-nmt-bundle 1\n")));
            }
            entries.add(Map.entry(evil, utf8("#!/bin/sh\nrm -rf ~\n")));
            byte[] zip = zip(entries);
            assertContains(rejected(zip), NAME + " has an entry named \"" + evil + "\", which escapes the bundle",
                    "refusing to read it");
            // Cut right after the entry's name: reading its data would report a truncated file instead.
            byte[] headerOnly = Arrays.copyOf(zip, dataOffset(zip, evil));
            assertContains(rejected(headerOnly), "which escapes the bundle");
        }
    }

    @Test
    void duplicateAndUnknownEntriesAreRejected() throws IOException {
        // ZipOutputStream refuses a repeated name, so write "network.zjp" and rename it in the raw bytes.
        List<Map.Entry<String, byte[]>> twice = new ArrayList<>(entries().entrySet());
        twice.add(2, Map.entry("network.zjp", utf8("second")));
        byte[] renamed = replaceAll(zip(twice), utf8("network.zjp"), utf8("network.zip"));
        assertContains(rejected(renamed), NAME + " has two entries named 'network.zip'; refusing to guess which one counts");

        List<Map.Entry<String, byte[]>> unknown = new ArrayList<>(entries().entrySet());
        unknown.add(1, Map.entry("run.sh", utf8("echo")));
        assertContains(rejected(zip(unknown)), NAME + " has an entry 'run.sh' that a version 1 bundle never holds");

        List<Map.Entry<String, byte[]>> afterChecksums = new ArrayList<>(entries().entrySet());
        afterChecksums.add(afterChecksums.remove(6));
        assertEquals("model.yaml", afterChecksums.get(afterChecksums.size() - 1).getKey());
        assertContains(rejected(zip(afterChecksums)),
                NAME + " has entry 'model.yaml' after CHECKSUMS, which is always the last entry");
    }

    private static byte[] replaceAll(byte[] data, byte[] from, byte[] to) {
        byte[] out = data.clone();
        for (int at = 0; at + from.length <= out.length; at++) {
            if (Arrays.equals(out, at, at + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, out, at, to.length);
            }
        }
        return out;
    }

    @Test
    void aFileThatIsNoZipSaysSo() throws IOException {
        assertEquals(NAME + " is not a spark-nmt bundle: it is not a ZIP archive; pass a bundle written by BundleIO.write",
                rejected(utf8("model:\n  hidden: 512\n".repeat(100))));
        assertContains(rejected(zip(List.of())), NAME + " is an empty ZIP archive, not a spark-nmt bundle");
    }

    @Test
    void aTargetVocabularyOfAnotherSizeDoesNotFitTheNetwork() throws IOException {
        LinkedHashMap<String, byte[]> entries = entries();
        entries.put("vocab.target.txt", Fixtures.vocabBytes(Fixtures.vocab("▁t", Fixtures.TARGET_SIZE - 3, 0)));
        assertEquals(NAME + ": the network does not fit the bundle's vocabularies: output layer 'out' has nOut 12 but the "
                + "target vocabulary has 13 tokens; the bundle mixes a network and vocabularies of different runs — write the "
                + "bundle again with BundleIO.write from one training run", rejected(zipWithChecksums(entries)));

        LinkedHashMap<String, byte[]> source = entries();
        source.put("vocab.source.txt", Fixtures.vocabBytes(Fixtures.vocab("▁源", 3, 0)));
        assertContains(rejected(zipWithChecksums(source)),
                "embedding layer 'srcEmb' (fed by input 'src') has nIn 10 but the source vocabulary has 7 tokens");
    }

    @Test
    void unparsableTextEntriesAreNamedWithTheParsersMessage() throws IOException {
        LinkedHashMap<String, byte[]> vocab = entries();
        vocab.put("vocab.source.txt", utf8("<pad>\t0\n<unk>\t0\n<s>\t0\n</s>\t0\nb 2\n"));
        assertContains(rejected(zipWithChecksums(vocab)), NAME + ": entry 'vocab.source.txt' is not a valid vocabulary: "
                + NAME + "!/vocab.source.txt, line 5: malformed line \"b 2\"", "write the bundle again");

        LinkedHashMap<String, byte[]> merges = entries();
        merges.put("bpe.source.codes", utf8("#version: 0.3\na b\n"));
        assertContains(rejected(zipWithChecksums(merges)), NAME + ": entry 'bpe.source.codes' is not a valid BPE merges file: "
                + NAME + "!/bpe.source.codes");

        LinkedHashMap<String, byte[]> notUtf8 = entries();
        notUtf8.put("model.yaml", new byte[] {'a', (byte) 0xc3, '\n'});
        assertContains(rejected(zipWithChecksums(notUtf8)), NAME + ": entry 'model.yaml' is not UTF-8 text");

        LinkedHashMap<String, byte[]> state = entries();
        state.put("state.json", utf8("{\"epoch\":-1,\"step\":0,\"batchesInEpoch\":0,\"bestValidationScore\":1,\"seed\":1}"));
        assertContains(rejected(zipWithChecksums(state)), NAME + ": entry 'state.json' is not a valid TrainingState (JSON): ",
                "epoch must be >= 0, was -1");
        state.put("state.json", utf8("{\"epoch\":1,\"step\":0,\"bestValidationScore\":1,\"seed\":1}"));
        assertContains(rejected(zipWithChecksums(state)), "entry 'state.json' is not a valid TrainingState (JSON): ",
                "batchesInEpoch");
        state.put("state.json", utf8("{\"epoch\":1,\"step\":0,\"batchesInEpoch\":0,\"bestValidationScore\":1,\"seed\":1,"
                + "\"@class\":\"java.lang.Runtime\"}"));
        assertContains(rejected(zipWithChecksums(state)), "entry 'state.json' is not a valid TrainingState (JSON): ", "@class");

        LinkedHashMap<String, byte[]> provenance = entries();
        provenance.put("provenance.json", utf8("{\"prepManifestSha256\":\"x\",\"createdAt\":\"now\",\"createdBy\":\"me\"}"));
        assertContains(rejected(zipWithChecksums(provenance)), "entry 'provenance.json' is not a valid Provenance (JSON): ",
                "prepManifestSha256 must be 64 lower-case hex digits");
    }

    @Test
    void aNetworkPartThatWouldNeedJavaDeserialisationIsRefused() throws IOException {
        LinkedHashMap<String, byte[]> network = unzip(entries().get("network.zip"));
        network.put("preprocessor.bin", new byte[] {(byte) 0xac, (byte) 0xed, 0, 5});
        LinkedHashMap<String, byte[]> entries = entries();
        entries.put("network.zip", zip(network));
        assertContains(rejected(zipWithChecksums(entries)), NAME + ": entry 'network.zip' is not a valid DL4J ComputationGraph "
                + "with its updater state: it holds a part 'preprocessor.bin', which spark-nmt neither writes nor reads (reading "
                + "it would take Java deserialization)");
    }

    @Test
    void aNetworkSavedWithoutItsUpdaterStateIsRefused() throws IOException {
        ByteArrayOutputStream withoutUpdater = new ByteArrayOutputStream();
        ModelSerializer.writeModel(trained, withoutUpdater, false);
        LinkedHashMap<String, byte[]> entries = entries();
        entries.put("network.zip", withoutUpdater.toByteArray());
        assertContains(rejected(zipWithChecksums(entries)), NAME + ": entry 'network.zip' is not a valid DL4J ComputationGraph",
                "it has no updaterState.bin although the network's updater keeps state");
    }

    @Test
    void bytesAfterAnArrayAreRefusedAndACutArrayIsNamed() throws IOException {
        LinkedHashMap<String, byte[]> entries = entries();
        LinkedHashMap<String, byte[]> network = unzip(entries.get("network.zip"));
        byte[] coefficients = network.get("coefficients.bin");
        network.put("coefficients.bin", java.util.Arrays.copyOf(coefficients, coefficients.length + 1));
        entries.put("network.zip", zip(network));
        assertContains(rejected(zipWithChecksums(entries)), NAME + ": entry 'network.zip' is not a valid DL4J ComputationGraph",
                "part 'coefficients.bin' has bytes after its array");
        network.put("coefficients.bin", java.util.Arrays.copyOf(coefficients, coefficients.length - 5));
        entries.put("network.zip", zip(network));
        assertContains(rejected(zipWithChecksums(entries)), NAME + ": entry 'network.zip' is not a valid DL4J ComputationGraph");
    }

    @Test
    void aNetworkEntryThatIsNoModelIsRefused() throws IOException {
        LinkedHashMap<String, byte[]> entries = entries();
        LinkedHashMap<String, byte[]> network = unzip(entries.get("network.zip"));
        network.put("configuration.json", utf8("{\"vertices\": 7}"));
        entries.put("network.zip", zip(network));
        assertContains(rejected(zipWithChecksums(entries)), NAME + ": entry 'network.zip' is not a valid DL4J ComputationGraph");
        network.remove("configuration.json");
        entries.put("network.zip", zip(network));
        assertContains(rejected(zipWithChecksums(entries)), "it has no configuration.json");
    }

    @Test
    void entriesAreBoundedAgainstZipBombs() throws IOException {
        int network = entries().get("network.zip").length;
        assertContains(rejected(good, new ReadLimits(network - 1, 1 << 20, 1L << 30)),
                NAME + " has entry 'network.zip' larger than " + (network - 1) + " bytes uncompressed (the limit for it)",
                "possibly a zip bomb");
        assertContains(rejected(good, new ReadLimits(1L << 30, 1 << 20, network + 30)),
                NAME + "'s entries add up to more than " + (network + 30) + " bytes uncompressed (the limit), at entry "
                        + "'vocab.source.txt'");

        List<Map.Entry<String, byte[]>> bomb = List.of(Map.entry("FORMAT", utf8("spark-nmt-bundle 1\n")),
                Map.entry("model.yaml", new byte[8 << 20]));
        byte[] compressed = zip(bomb);
        assertTrue(compressed.length < 64 << 10, "8 MiB of zeros deflate to " + compressed.length + " bytes");
        assertContains(rejected(compressed, new ReadLimits(1L << 30, 1 << 20, 1L << 30)),
                "has entry 'model.yaml' larger than 1048576 bytes uncompressed");
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedBeforeReading() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] big = new byte[4096];
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("FORMAT"));
            out.write(utf8("spark-nmt-bundle 1\n"));
            out.closeEntry();
            ZipEntry stored = new ZipEntry("model.yaml");
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(big.length);
            CRC32 crc = new CRC32();
            crc.update(big);
            stored.setCrc(crc.getValue());
            out.putNextEntry(stored);
            out.write(big);
            out.closeEntry();
        }
        byte[] headerOnly = Arrays.copyOf(bytes.toByteArray(), dataOffset(bytes.toByteArray(), "model.yaml"));
        assertContains(rejected(headerOnly, new ReadLimits(1L << 30, 1000, 1L << 30)),
                "has entry 'model.yaml' larger than 1000 bytes uncompressed");
    }
}
