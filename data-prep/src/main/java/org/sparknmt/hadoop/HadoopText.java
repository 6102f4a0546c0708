package org.sparknmt.hadoop;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** UTF-8 text files on any Hadoop file system (file:, hdfs:, s3a: alike). */
public final class HadoopText {
    private HadoopText() {
    }

    /** The whole file as a string. */
    public static String read(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A reader of the file; the caller closes it. */
    public static BufferedReader reader(FileSystem fs, Path path) throws IOException {
        return new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8));
    }
}
