package org.sparknmt.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.sparknmt.io.IoConsumer;
import org.sparknmt.io.NonClosingOutputStream;

/** Writes a bundle's entries, in {@link BundleLayout#entries} order, with CHECKSUMS last. */
final class BundleWriter {
    /** Every entry gets this time, so that equal content gives equal entries (the DOS epoch, no time zone). */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private final ZipOutputStream zip;
    private final Map<String, String> digests = new LinkedHashMap<>();

    private BundleWriter(OutputStream out) {
        this.zip = new ZipOutputStream(new NonClosingOutputStream(out), StandardCharsets.UTF_8);
    }

    static void write(Bundle b, OutputStream out) throws IOException {
        BundleWriter w = new BundleWriter(out);
        boolean joint = b.subwords().joint();
        w.bytes(BundleLayout.FORMAT, BundleLayout.formatText(Bundle.FORMAT_VERSION).getBytes(StandardCharsets.UTF_8));
        // The network's own ZIP hardly compresses further: store it (deflate level 0) to save the time.
        w.entry(BundleLayout.NETWORK, Deflater.NO_COMPRESSION, o -> NetworkCodec.write(b.network(), o));
        w.text(BundleLayout.VOCAB_SOURCE, b.sourceVocab()::write);
        w.text(BundleLayout.VOCAB_TARGET, b.targetVocab()::write);
        if (joint) {
            w.text(BundleLayout.BPE_JOINT, b.subwords().source()::write);
        } else {
            w.text(BundleLayout.BPE_SOURCE, b.subwords().source()::write);
            w.text(BundleLayout.BPE_TARGET, b.subwords().target()::write);
        }
        w.bytes(BundleLayout.MODEL_YAML, b.modelConfigYaml().getBytes(StandardCharsets.UTF_8));
        w.bytes(BundleLayout.DATA_YAML, b.dataConfigYaml().getBytes(StandardCharsets.UTF_8));
        w.bytes(BundleLayout.STATE, Json.write(b.state()));
        w.bytes(BundleLayout.PROVENANCE, Json.write(b.provenance()));
        if (b.shortlist().isPresent()) {
            w.text(BundleLayout.SHORTLIST, b.shortlist().get()::write);
        }
        List<String> layout = BundleLayout.entries(joint, b.shortlist().isPresent());
        if (!List.copyOf(w.digests.keySet()).equals(layout.subList(0, layout.size() - 1))) {
            throw new IllegalStateException("wrote " + w.digests.keySet() + " before CHECKSUMS, but the layout is " + layout);
        }
        byte[] checksums = Checksums.format(w.digests).getBytes(StandardCharsets.UTF_8);
        w.bytes(BundleLayout.CHECKSUMS, checksums);
        w.zip.finish();
        w.zip.flush();
    }

    private void bytes(String name, byte[] content) throws IOException {
        entry(name, Deflater.DEFAULT_COMPRESSION, o -> o.write(content));
    }

    private void text(String name, IoConsumer<Writer> body) throws IOException {
        entry(name, Deflater.DEFAULT_COMPRESSION, o -> {
            Writer writer = new OutputStreamWriter(o, StandardCharsets.UTF_8.newEncoder());
            body.accept(writer);
            writer.flush();
        });
    }

    private void entry(String name, int level, IoConsumer<OutputStream> body) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ENTRY_TIME);
        zip.setLevel(level);
        zip.putNextEntry(e);
        MessageDigest digest = Checksums.sha256();
        DigestOutputStream out = new DigestOutputStream(new NonClosingOutputStream(zip), digest);
        body.accept(out);
        out.flush();
        zip.closeEntry();
        digests.put(name, Checksums.hex(digest.digest()));
    }
}
