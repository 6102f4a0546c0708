package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Small helpers over the Hadoop FileSystem API (file:, hdfs:, s3a: alike): atomic writes and UTF-8 text. */
final class HadoopFiles {
    private HadoopFiles() {
    }

    @FunctionalInterface
    interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Writes to a hidden temporary sibling, then renames over {@code target}: readers never see a partial file. */
    static void writeAtomically(FileSystem fs, Path target, StreamWriter writer) throws IOException {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                writer.write(out);
                out.hsync();
            }
            if (fs.exists(target) && !fs.delete(target, false)) {
                throw new IOException("cannot replace " + target);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, false);
            }
        }
    }

    static void writeText(FileSystem fs, Path target, String text) throws IOException {
        writeAtomically(fs, target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String readText(FileSystem fs, Path path) throws IOException {
        try (var in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static BufferedReader reader(FileSystem fs, Path path) throws IOException {
        return new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8));
    }

    static FileSystem fs(Path path, Configuration conf) {
        try {
            return path.getFileSystem(conf);
        } catch (IOException e) {
            throw new TrainException("cannot reach the file system of " + path + ": " + e.getMessage(), e);
        }
    }
}
