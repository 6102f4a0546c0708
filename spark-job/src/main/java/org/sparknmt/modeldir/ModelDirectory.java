package org.sparknmt.modeldir;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknmt.hadoop.AtomicHadoopFiles;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The model directory that retraining promotes into and serving reads from (any Hadoop file system):
 * <pre>
 *   CURRENT          one line: the promoted bundle, relative to the directory (e.g. bundles/20261202-0100.bundle)
 *   bundles/         promoted bundles
 *   history.jsonl    one JSON object per promotion decision
 * </pre>
 * Every file is replaced atomically ({@link AtomicHadoopFiles}), so a reader sees the old or the new content.
 */
public final class ModelDirectory {
    public static final String CURRENT = "CURRENT";
    public static final String BUNDLES = "bundles";
    public static final String HISTORY = "history.jsonl";
    private static final int MAX_POINTER_BYTES = 4096;

    private final FileSystem fs;
    private final Path dir;

    private ModelDirectory(FileSystem fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
    }

    /**
     * The directory at {@code spec}. It gets a file system instance of its own without checksum sidecar files, so
     * that a person can still edit or replace {@code CURRENT} by hand (a stale {@code .crc} would fail every read).
     */
    public static ModelDirectory at(String spec, Configuration conf) throws IOException {
        Path p = new Path(spec);
        FileSystem fs = FileSystem.newInstance(p.getFileSystem(conf).getUri(), conf);
        fs.setWriteChecksum(false);
        fs.setVerifyChecksum(false);
        return new ModelDirectory(fs, fs.makeQualified(p));
    }

    public Path dir() {
        return dir;
    }

    public FileSystem fs() {
        return fs;
    }

    /**
     * The bundle {@code CURRENT} names, resolved against the directory.
     *
     * @throws FileNotFoundException when there is no {@code CURRENT} (nothing promoted yet)
     * @throws IOException           when it cannot be read or is not one relative path inside the directory
     */
    public Path current() throws IOException {
        Path pointer = new Path(dir, CURRENT);
        byte[] bytes;
        try (InputStream in = fs.open(pointer)) {
            bytes = in.readNBytes(MAX_POINTER_BYTES + 1);
        }
        String name = new String(bytes, StandardCharsets.UTF_8).trim();
        if (bytes.length > MAX_POINTER_BYTES || name.isEmpty() || name.contains("\n") || name.startsWith("/")
                || name.contains("..") || name.contains(":")) {
            throw new IOException(pointer + " must hold one relative path of a bundle inside " + dir
                    + " (e.g. bundles/x.bundle), found \"" + abbreviate(name) + "\"");
        }
        return new Path(dir, name);
    }

    /** Whether anything was promoted yet. */
    public boolean hasCurrent() throws IOException {
        return fs.exists(new Path(dir, CURRENT));
    }

    /**
     * Copies {@code bundle} into {@code bundles/name} (complete before it gets its name) and then switches
     * {@code CURRENT} to it with one atomic rename. Until that rename, readers see the old {@code CURRENT}.
     *
     * @return the promoted bundle's path inside the directory
     */
    public Path promote(Path bundle, FileSystem from, String name) throws IOException {
        Path target = new Path(new Path(dir, BUNDLES), name);
        AtomicHadoopFiles.write(fs, target, out -> {
            try (InputStream in = from.open(bundle)) {
                in.transferTo(out);
            }
        });
        AtomicHadoopFiles.writeText(fs, new Path(dir, CURRENT), BUNDLES + "/" + name + "\n");
        return target;
    }

    /** Appends one line to {@code history.jsonl} (the file is rewritten beside and renamed: never half-written). */
    public void appendHistory(String jsonLine) throws IOException {
        Path history = new Path(dir, HISTORY);
        String old = "";
        if (fs.exists(history)) {
            try (InputStream in = fs.open(history)) {
                old = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        AtomicHadoopFiles.writeText(fs, history, old + jsonLine + "\n");
    }

    /** The lines of {@code history.jsonl}, oldest first (empty when there is none). */
    public List<String> history() throws IOException {
        Path history = new Path(dir, HISTORY);
        if (!fs.exists(history)) {
            return List.of();
        }
        try (InputStream in = fs.open(history)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
