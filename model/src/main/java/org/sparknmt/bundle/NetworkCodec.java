package org.sparknmt.bundle;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknmt.io.NonClosingOutputStream;
import org.sparknmt.io.Utf8;

/**
 * The {@code network.zip} entry: DL4J's own model file ({@link ModelSerializer}) with the updater state.
 *
 * <p>Reading does what {@link ModelSerializer#restoreComputationGraph(InputStream, boolean)} does for the parts
 * {@code writeModel} writes, but accepts only those parts: {@code configuration.json} (JSON, read with
 * {@link ComputationGraphConfiguration#fromJson}), {@code coefficients.bin} and {@code updaterState.bin} (ND4J's
 * binary array format, {@link Nd4j#read}). Any other part is refused, in particular the legacy
 * {@code preprocessor.bin} that ModelSerializer would read with {@link java.io.ObjectInputStream}.
 */
final class NetworkCodec {
    static final String CONFIGURATION = ModelSerializer.CONFIGURATION_JSON;
    static final String COEFFICIENTS = ModelSerializer.COEFFICIENTS_BIN;
    static final String UPDATER_STATE = ModelSerializer.UPDATER_BIN;
    private static final long MAX_CONFIGURATION_BYTES = 64L << 20;

    private NetworkCodec() {
    }

    /** Writes the graph with its updater state; {@code out} stays open. */
    static void write(ComputationGraph graph, OutputStream out) throws IOException {
        ModelSerializer.writeModel(graph, new NonClosingOutputStream(out), true);
    }

    /**
     * Restores a graph with its updater state.
     *
     * @param maxPartBytes the most uncompressed bytes any part may hold
     * @throws IllegalArgumentException naming what is wrong, for anything but a well-formed model file with
     *                                  configuration, parameters and (when the updater keeps state) updater state
     */
    static ComputationGraph read(InputStream in, long maxPartBytes) throws IOException {
        return read(in, maxPartBytes, UnaryOperator.identity());
    }

    /** As {@link #read(InputStream, long)}, with {@code repair} applied to the configuration JSON before parsing. */
    static ComputationGraph read(InputStream in, long maxPartBytes, UnaryOperator<String> repair) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        String json = null;
        INDArray params = null;
        INDArray updaterState = null;
        Set<String> seen = new HashSet<>();
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            String name = e.getName();
            if (!seen.add(name)) {
                throw new IllegalArgumentException("it holds two parts named '" + name + "'");
            }
            BoundedInputStream part = new BoundedInputStream(zip, name, name.equals(CONFIGURATION)
                    ? Math.min(maxPartBytes, MAX_CONFIGURATION_BYTES) : maxPartBytes);
            if (name.equals(CONFIGURATION)) {
                json = Utf8.decode(part.readAllBytes(), name);
            } else if (name.equals(COEFFICIENTS)) {
                params = readArray(part);
            } else if (name.equals(UPDATER_STATE)) {
                updaterState = readArray(part);
            } else {
                throw new IllegalArgumentException("it holds a part '" + name + "', which spark-nmt neither writes nor reads"
                        + (name.equals("preprocessor.bin") ? " (reading it would take Java deserialization)" : "")
                        + "; expected only " + CONFIGURATION + ", " + COEFFICIENTS + " and " + UPDATER_STATE);
            }
        }
        if (json == null) {
            throw new IllegalArgumentException("it has no " + CONFIGURATION);
        }
        if (params == null) {
            throw new IllegalArgumentException("it has no " + COEFFICIENTS + " (the network was saved without parameters)");
        }
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(repair.apply(json));
        conf.setDataType(params.dataType());
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init(params, false);
        INDArray fresh = graph.getUpdater().getStateViewArray();
        if (updaterState != null) {
            if (fresh == null || fresh.length() != updaterState.length()) {
                throw new IllegalArgumentException("its updater state has " + updaterState.length() + " values but the network's "
                        + "updater keeps " + (fresh == null ? 0 : fresh.length()));
            }
            graph.getUpdater().setStateViewArray(updaterState);
        } else if (fresh != null && fresh.length() > 0) {
            throw new IllegalArgumentException("it has no " + UPDATER_STATE + " although the network's updater keeps state: "
                    + "it was saved without its optimizer state, so training could not resume exactly");
        }
        return graph;
    }

    private static INDArray readArray(BoundedInputStream part) throws IOException {
        // Nd4j.read takes each value with DataInputStream.readFloat: unbuffered, that was one inflate call per byte
        // (7 s for a 76 MB network)
        InputStream in = new BufferedInputStream(part, 1 << 16);
        INDArray array = Nd4j.read(new DataInputStream(in));
        if (in.read() >= 0) {
            throw new IllegalArgumentException("part '" + part.name() + "' has bytes after its array");
        }
        return array;
    }
}
