package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Small helpers over the Hadoop FileSystem API (file:, hdfs:, s3a: alike): UTF-8 text (atomic writes: AtomicHadoopFiles). */
final class HadoopFiles {
    private HadoopFiles() {
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
