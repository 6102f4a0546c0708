package org.sparknmt.bundle;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.sparknmt.io.AtomicFiles;

/**
 * Writes and reads a {@link Bundle} as one ZIP file. Entries, always in this order:
 * <pre>
 * FORMAT            "spark-nmt-bundle 1\n"
 * network.zip       DL4J ModelSerializer file: configuration.json, coefficients.bin, updaterState.bin
 * vocab.source.txt  Vocabulary.write format
 * vocab.target.txt
 * bpe.codes         joint BPE merges (subword-nmt format); or bpe.source.codes + bpe.target.codes
 * model.yaml        resolved model config
 * data.yaml         resolved data config
 * state.json        TrainingState
 * provenance.json   Provenance
 * shortlist.txt     optional: the vocabulary {@link org.sparknmt.decode.Shortlist} decoding uses
 * CHECKSUMS         "&lt;sha256 hex&gt;  &lt;name&gt;\n" for every entry above (sha256sum format), always last
 * </pre>
 * All text is UTF-8. Reading keeps everything in memory: it extracts nothing to disk and deserialises no Java object
 * (the network is JSON plus ND4J's binary array format), and it refuses, with a {@link BundleException} naming the
 * source, the problem and the fix, anything but a complete, unaltered bundle of a known format version.
 */
public final class BundleIO {
    private BundleIO() {
    }

    /**
     * Writes the bundle to {@code out} as one ZIP file. Flushes {@code out} but does not close it.
     */
    public static void write(Bundle b, OutputStream out) throws IOException {
        BundleWriter.write(Objects.requireNonNull(b, "b"), Objects.requireNonNull(out, "out"));
    }

    /**
     * Writes the bundle to {@code target} so that the file is either the old one or the complete new one: writes a
     * hidden temporary file in the same directory, forces it to disk, then renames it over {@code target} atomically.
     * On failure the temporary file is deleted and an existing {@code target} is left as it was.
     */
    public static void writeAtomically(Bundle b, Path target) throws IOException {
        Objects.requireNonNull(b, "b");
        AtomicFiles.write(Objects.requireNonNull(target, "target"), out -> write(b, out));
    }

    /**
     * Reads and checks a bundle. Reads {@code in} to the end of the ZIP file; does not close it.
     *
     * @param sourceName names the bundle in error messages, e.g. its path
     * @throws BundleException when the input is not a complete, unaltered bundle this version reads, or its network
     *                         does not fit its vocabularies
     * @throws IOException     when {@code in} fails
     */
    public static Bundle read(InputStream in, String sourceName) throws IOException {
        return read(in, sourceName, ReadLimits.DEFAULT);
    }

    /** Reads and checks the bundle file at {@code path}; see {@link #read(InputStream, String)}. */
    public static Bundle read(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(in, path.toString());
        }
    }

    static Bundle read(InputStream in, String sourceName, ReadLimits limits) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        return BundleDecoder.decode(sourceName, EntryReader.read(in, sourceName, limits), limits);
    }
}
