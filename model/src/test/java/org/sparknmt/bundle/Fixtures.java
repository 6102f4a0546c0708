package org.sparknmt.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.sparknmt.subword.BpeModel;
import org.sparknmt.subword.Merge;
import org.sparknmt.subword.Subwords;
import org.sparknmt.vocab.Vocabulary;

/** Small real bundles, networks and batches for the tests, and hand-made ZIP surgery. */
final class Fixtures {
    static final int SOURCE_SIZE = 10;
    static final int TARGET_SIZE = 12;
    static final String MODEL_YAML = "model:\n  embedding: 8\n  hidden: 8\n  note: \"注意 ✓\"\r\n";
    static final String DATA_YAML = "data:\n  source: zh\n  target: en\n";
    static final TrainingState STATE = new TrainingState(3, 5, 2, 12.5, 42);
    static final Provenance PROVENANCE = Provenance.of("ab".repeat(32), Instant.parse("2024-05-01T12:00:00Z"), "spark-nmt 0.1.0");

    private Fixtures() {
    }

    /** A vocabulary of the 4 specials and {@code regular} tokens "prefix0".. with distinct counts. */
    static Vocabulary vocab(String prefix, int regular, long countBase) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < regular; i++) {
            counts.put(prefix + i, countBase + 100 - i);
        }
        return Vocabulary.build(counts, 1, 0);
    }

    static Vocabulary sourceVocab() {
        return vocab("▁源", SOURCE_SIZE - 4, 0);
    }

    static Vocabulary targetVocab() {
        return vocab("▁t", TARGET_SIZE - 4, 0);
    }

    static BpeModel sourceBpe() {
        return new BpeModel(List.of(new Merge("源", "码</w>"), new Merge("a", "b"), new Merge("ab", "c</w>")));
    }

    static BpeModel targetBpe() {
        return new BpeModel(List.of(new Merge("x", "y"), new Merge("xy", "z")), BpeModel.Version.V0_1, 10);
    }

    static Subwords perSide() {
        return new Subwords(sourceBpe(), targetBpe(), false);
    }

    static ComputationGraphConfiguration config(int sourceSize, int targetSize) {
        return config(sourceSize, targetSize, new Adam(0.01));
    }

    static ComputationGraphConfiguration config(int sourceSize, int targetSize, org.nd4j.linalg.learning.config.IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(42)
                .updater(updater)
                .graphBuilder()
                .addInputs("src", "tgtIn")
                .addLayer("srcEmb", new EmbeddingSequenceLayer.Builder().nIn(sourceSize).nOut(8).build(), "src")
                .addLayer("tgtEmb", new EmbeddingSequenceLayer.Builder().nIn(targetSize).nOut(8).build(), "tgtIn")
                .addVertex("merge", new MergeVertex(), "srcEmb", "tgtEmb")
                .addLayer("lstm", new LSTM.Builder().nIn(16).nOut(8).activation(Activation.TANH).build(), "merge")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunction.SPARSE_MCXENT).activation(Activation.SOFTMAX)
                        .nIn(8).nOut(targetSize).dataFormat(RNNFormat.NCW).build(), "lstm")
                .setOutputs("out")
                .build();
    }

    static ComputationGraph network(int sourceSize, int targetSize) {
        ComputationGraph g = new ComputationGraph(config(sourceSize, targetSize));
        g.init();
        return g;
    }

    /** The test network after {@code steps} Adam steps on {@link #batch()}, so its updater state is not all zero. */
    static ComputationGraph trained(int steps) {
        ComputationGraph g = network(SOURCE_SIZE, TARGET_SIZE);
        MultiDataSet batch = batch();
        for (int i = 0; i < steps; i++) {
            g.fit(batch);
        }
        return g;
    }

    /** Three pairs of length 5: features [3,1,5] ids, masks [3,5] (the last pairs padded), labels [3,1,5] ids. */
    static MultiDataSet batch() {
        Random random = new Random(7);
        int mb = 3;
        int t = 5;
        float[][][] src = new float[mb][1][t];
        float[][][] tgtIn = new float[mb][1][t];
        float[][][] labels = new float[mb][1][t];
        float[][] mask = new float[mb][t];
        for (int i = 0; i < mb; i++) {
            int length = t - i;
            for (int j = 0; j < t; j++) {
                boolean real = j < length;
                src[i][0][j] = real ? 4 + random.nextInt(SOURCE_SIZE - 4) : 0;
                tgtIn[i][0][j] = real ? (j == 0 ? 2 : 4 + random.nextInt(TARGET_SIZE - 4)) : 0;
                labels[i][0][j] = real ? (j == length - 1 ? 3 : 4 + random.nextInt(TARGET_SIZE - 4)) : 0;
                mask[i][j] = real ? 1 : 0;
            }
        }
        INDArray m = Nd4j.createFromArray(mask);
        return new MultiDataSet(new INDArray[] {Nd4j.createFromArray(src), Nd4j.createFromArray(tgtIn)},
                new INDArray[] {Nd4j.createFromArray(labels)}, new INDArray[] {m, m.dup()}, new INDArray[] {m.dup()});
    }

    static Bundle bundle(ComputationGraph g, Subwords subwords) {
        return new Bundle(g, sourceVocab(), targetVocab(), subwords, MODEL_YAML, DATA_YAML, STATE, PROVENANCE);
    }

    static byte[] bytes(Bundle b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BundleIO.write(b, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Bundle read(byte[] bytes, String name) throws IOException {
        return BundleIO.read(new ByteArrayInputStream(bytes), name);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] vocabBytes(Vocabulary v) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.io.Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        v.write(w);
        return out.toByteArray();
    }

    /** The entries of a ZIP file in order; fails on a name seen twice. */
    static LinkedHashMap<String, byte[]> unzip(byte[] zip) throws IOException {
        LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (entries.put(e.getName(), in.readAllBytes()) != null) {
                    throw new IllegalArgumentException("twice: " + e.getName());
                }
            }
        }
        return entries;
    }

    /** A ZIP file of these entries, in list order (names may repeat). */
    static byte[] zip(List<Map.Entry<String, byte[]>> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        return zip(new ArrayList<>(entries.entrySet()));
    }

    /** The entries with a CHECKSUMS entry (last) that matches them. */
    static byte[] zipWithChecksums(Map<String, byte[]> entries) throws IOException {
        LinkedHashMap<String, byte[]> copy = new LinkedHashMap<>(entries);
        copy.remove(BundleLayout.CHECKSUMS);
        StringBuilder sums = new StringBuilder();
        copy.forEach((name, data) -> sums.append(sha256(data)).append("  ").append(name).append('\n'));
        copy.put(BundleLayout.CHECKSUMS, utf8(sums.toString()));
        return zip(copy);
    }

    static String sha256(byte[] data) {
        return Checksums.hex(Checksums.sha256().digest(data));
    }

    /** Where the local header of entry {@code name} starts in a ZIP file. */
    static int headerOffset(byte[] zip, String name) {
        byte[] wanted = utf8(name);
        for (int at = 0; at + 30 <= zip.length; at++) {
            if (zip[at] == 'P' && zip[at + 1] == 'K' && zip[at + 2] == 3 && zip[at + 3] == 4) {
                int nameLength = u16(zip, at + 26);
                if (nameLength == wanted.length && at + 30 + nameLength <= zip.length
                        && java.util.Arrays.equals(zip, at + 30, at + 30 + nameLength, wanted, 0, wanted.length)) {
                    return at;
                }
            }
        }
        throw new IllegalArgumentException("no local header for " + name);
    }

    /** Where the (compressed) data of entry {@code name} starts in a ZIP file. */
    static int dataOffset(byte[] zip, String name) {
        int at = headerOffset(zip, name);
        return at + 30 + u16(zip, at + 26) + u16(zip, at + 28);
    }

    /** Where the central directory starts (after the last entry's data and descriptor). */
    static int centralDirectoryOffset(byte[] zip) {
        for (int at = zip.length - 22; at >= 0; at--) {
            if (zip[at] == 'P' && zip[at + 1] == 'K' && zip[at + 2] == 5 && zip[at + 3] == 6) {
                return (int) (u16(zip, at + 16) | (long) u16(zip, at + 18) << 16);
            }
        }
        throw new IllegalArgumentException("no end record");
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }
}
