package org.sparknmt.prep;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An output directory written all at once: everything goes to a hidden staging sibling, and {@link #commit()}
 * renames it into place, so a failed or killed job never leaves a half-written output where the real one belongs.
 * An existing output is refused unless overwriting was asked for; then it is moved aside first and deleted only
 * after the new one is in place.
 */
public final class OutputDir {
    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final boolean overwrite;

    private OutputDir(FileSystem fs, Path target, Path staging, boolean overwrite) {
        this.fs = fs;
        this.target = target;
        this.staging = staging;
        this.overwrite = overwrite;
    }

    /** Checks the target (before any work is done) and creates the staging directory. */
    public static OutputDir open(String path, boolean overwrite, Configuration conf) {
        Path target = new Path(path);
        try {
            FileSystem fs = target.getFileSystem(conf);
            target = fs.makeQualified(target);
            if (fs.exists(target) && !overwrite) {
                throw new PrepException("output " + target + " already exists; choose another output path or pass"
                        + " --overwrite to replace it");
            }
            Path parent = target.getParent();
            if (parent != null && !fs.exists(parent) && !fs.mkdirs(parent)) {
                throw new PrepException("cannot create the parent directory of output " + target);
            }
            Path staging = new Path(parent, "." + target.getName() + ".staging-" + UUID.randomUUID());
            if (!fs.mkdirs(staging)) {
                throw new PrepException("cannot create staging directory " + staging + " (is " + parent + " writable?)");
            }
            return new OutputDir(fs, target, staging, overwrite);
        } catch (IOException e) {
            throw new PrepException("cannot prepare output " + path + ": " + e.getMessage(), e);
        }
    }

    public Path target() {
        return target;
    }

    /** Where to write now; becomes {@link #target()} on commit. */
    public Path staging() {
        return staging;
    }

    public Path resolve(String relative) {
        return new Path(staging, relative);
    }

    /** Creates (or replaces) a file in the staging directory; the caller closes it. */
    public FSDataOutputStream create(String relative) throws IOException {
        return fs.create(resolve(relative), true);
    }

    /** Writes a small UTF-8 text file into the staging directory. */
    public void writeText(String relative, WriterAction action) {
        Path p = resolve(relative);
        try (FSDataOutputStream out = fs.create(p, true);
             Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            action.write(w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }

    /** Moves the staged output into place. */
    public void commit() {
        try {
            Path aside = null;
            if (fs.exists(target)) {
                if (!overwrite) {
                    throw new PrepException("output " + target + " appeared while the job ran; the result is left in "
                            + staging);
                }
                aside = new Path(target.getParent(), "." + target.getName() + ".replaced-" + UUID.randomUUID());
                if (!fs.rename(target, aside)) {
                    throw new PrepException("cannot move the existing output " + target + " aside; the new result is in " + staging);
                }
            }
            if (!fs.rename(staging, target)) {
                throw new PrepException("cannot rename " + staging + " to " + target + "; the result is left in " + staging);
            }
            if (aside != null) {
                fs.delete(aside, true);
            }
        } catch (IOException e) {
            throw new PrepException("cannot commit output " + target + ": " + e.getMessage() + "; the result is left in " + staging, e);
        }
    }

    /** Deletes the staging directory after a failure. */
    public void abandon() {
        try {
            fs.delete(staging, true);
        } catch (IOException ignored) {
            // best effort: the directory is hidden and named as staging, never mistaken for output
        }
    }

    @FunctionalInterface
    public interface WriterAction {
        void write(Writer w) throws IOException;
    }
}
