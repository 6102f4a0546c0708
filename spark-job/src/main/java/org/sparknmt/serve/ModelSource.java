package org.sparknmt.serve;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.modeldir.ModelDirectory;
import org.sparknmt.bundle.BundleIO;
import org.sparknmt.translate.OverlongPolicy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Where the served bundle comes from: a model directory's {@code CURRENT} (which can change: hot reload) or one
 * fixed bundle file. {@link #pointer()} is cheap and says which bundle should be served now; {@link #load} reads it.
 */
final class ModelSource {
    private final ModelDirectory dir;
    private final Path fixedBundle;
    private final FileSystem fs;
    private final int workers;
    private final int batchSize;
    private final int maxSourceTokens;
    private final OverlongPolicy policy;

    private ModelSource(ModelDirectory dir, Path fixedBundle, FileSystem fs, int workers, int batchSize,
                        int maxSourceTokens, OverlongPolicy policy) {
        this.dir = dir;
        this.fixedBundle = fixedBundle;
        this.fs = fs;
        this.workers = workers;
        this.batchSize = batchSize;
        this.maxSourceTokens = maxSourceTokens;
        this.policy = policy;
    }

    static ModelSource of(ServeConfig cfg, Configuration conf) throws IOException {
        if (cfg.modelDir() != null) {
            ModelDirectory d = ModelDirectory.at(cfg.modelDir(), conf);
            return new ModelSource(d, null, d.fs(), cfg.workers(), cfg.batchSize(), cfg.maxSourceTokens(), cfg.overlong());
        }
        Path p = new Path(cfg.bundle());
        FileSystem fs = p.getFileSystem(conf);
        return new ModelSource(null, fs.makeQualified(p), fs, cfg.workers(), cfg.batchSize(), cfg.maxSourceTokens(),
                cfg.overlong());
    }

    /** What should be served now: the bundle path with its size and modification time (a change means reload). */
    String pointer() throws IOException {
        Path bundle = dir == null ? fixedBundle : dir.current();
        FileStatus s = fs.getFileStatus(bundle);
        return bundle + "|" + s.getLen() + "|" + s.getModificationTime();
    }

    /** Reads and checks the bundle {@code pointer} names, with one network copy per worker. */
    ServingModel load(String pointer) throws IOException {
        Path bundle = new Path(pointer.substring(0, pointer.indexOf('|')));
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Bundle b;
        try (InputStream in = new DigestInputStream(new BufferedInputStream(fs.open(bundle), 1 << 16), sha)) {
            b = BundleIO.read(in, bundle.toString());
            in.transferTo(java.io.OutputStream.nullOutputStream()); // the digest covers the whole file
        }
        String promotedAt = dir == null ? null
                : Instant.ofEpochMilli(fs.getFileStatus(new Path(dir.dir(), ModelDirectory.CURRENT)).getModificationTime()).toString();
        return ServingModel.of(b, bundle.getName(), HexFormat.of().formatHex(sha.digest()), promotedAt, workers,
                batchSize, maxSourceTokens, policy);
    }

    String describe() {
        return dir == null ? "bundle " + fixedBundle : "model directory " + dir.dir() + " (CURRENT)";
    }
}
