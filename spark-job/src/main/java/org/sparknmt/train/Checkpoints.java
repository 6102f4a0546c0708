package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleException;
import org.sparknmt.bundle.BundleIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknmt.hadoop.AtomicHadoopFiles;
import org.sparknmt.hadoop.HadoopText;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code <run>/checkpoints/}: numbered bundles {@code step-000000123.bundle}, each written atomically, plus the
 * pointer files {@code latest} and {@code best} (the bundle's file name, also replaced atomically). Keeps the last
 * K bundles and the best one. Reading the latest falls back to older bundles when one is unreadable, and says so.
 */
final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    static final String LATEST = "latest";
    static final String BEST = "best";

    private final FileSystem fs;
    private final Path dir;
    private final int keepLast;

    Checkpoints(Path runDir, int keepLast, Configuration conf) {
        this.dir = new Path(runDir, "checkpoints");
        this.fs = HadoopFiles.fs(dir, conf);
        this.keepLast = keepLast;
    }

    Path dir() {
        return dir;
    }

    static String name(long step) {
        return String.format("step-%09d.bundle", step);
    }

    /** Writes the bundle, moves {@code latest} (and {@code best} when asked), prunes old bundles. */
    void save(Bundle bundle, boolean best) {
        Path file = new Path(dir, name(bundle.state().step()));
        try {
            fs.mkdirs(dir);
            AtomicHadoopFiles.write(fs, file, out -> BundleIO.write(bundle, out));
            AtomicHadoopFiles.writeText(fs, new Path(dir, LATEST), file.getName() + "\n");
            if (best) {
                AtomicHadoopFiles.writeText(fs, new Path(dir, BEST), file.getName() + "\n");
            }
            prune();
        } catch (IOException e) {
            throw new TrainException("cannot write checkpoint " + file + ": " + e.getMessage()
                    + " (the previous checkpoint, if any, is intact; check space and permissions of " + dir + ")", e);
        }
    }

    /** The newest readable bundle, trying {@code latest} first and then older bundles (newest first). */
    Optional<Bundle> loadLatest() {
        List<Path> candidates = new ArrayList<>();
        pointer(LATEST).ifPresent(candidates::add);
        for (Path p : bundlesNewestFirst()) {
            if (!candidates.contains(p)) {
                candidates.add(p);
            }
        }
        for (Path p : candidates) {
            try (InputStream in = fs.open(p)) {
                Bundle b = BundleIO.read(in, p.toString());
                if (!p.equals(candidates.get(0))) {
                    LOG.warn("resuming from {} because newer checkpoints were unreadable", p.getName());
                }
                return Optional.of(b);
            } catch (IOException | BundleException e) {
                LOG.warn("checkpoint {} is unreadable ({}); trying an older one", p.getName(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    Optional<Path> pointer(String which) {
        Path p = new Path(dir, which);
        try {
            if (!fs.exists(p)) {
                return Optional.empty();
            }
            return Optional.of(new Path(dir, HadoopText.read(fs, p).trim()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    List<Path> bundlesNewestFirst() {
        List<Path> out = new ArrayList<>();
        try {
            if (fs.exists(dir)) {
                for (FileStatus f : fs.listStatus(dir)) {
                    String n = f.getPath().getName();
                    if (n.startsWith("step-") && n.endsWith(".bundle")) {
                        out.add(f.getPath());
                    }
                }
            }
        } catch (IOException e) {
            throw new TrainException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort((a, b) -> b.getName().compareTo(a.getName()));
        return out;
    }

    private void prune() throws IOException {
        Path best = pointer(BEST).orElse(null);
        List<Path> all = bundlesNewestFirst();
        for (int i = keepLast; i < all.size(); i++) {
            if (!all.get(i).equals(best)) {
                fs.delete(all.get(i), false);
            }
        }
    }
}
