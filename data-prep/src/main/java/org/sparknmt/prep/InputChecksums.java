package org.sparknmt.prep;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 of each input file (as stored, i.e. of the compressed bytes), computed on the executors in parallel. */
final class InputChecksums {
    private InputChecksums() {
    }

    static List<String> compute(JavaSparkContext sc, List<FileStatus> files) {
        List<String> paths = files.stream().map(f -> f.getPath().toString()).toList();
        SerializableConfiguration conf = new SerializableConfiguration(sc.hadoopConfiguration());
        return sc.parallelize(paths, Math.max(1, paths.size())).map(p -> sha256(new Path(p), conf)).collect();
    }

    static String sha256(Path path, SerializableConfiguration conf) {
        try {
            FileSystem fs = path.getFileSystem(conf.value());
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            try (FSDataInputStream in = fs.open(path)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot checksum " + path, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
