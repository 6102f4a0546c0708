package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/** The file system of a path, failing as a {@link TrainException} (text: HadoopText; atomic writes: AtomicHadoopFiles). */
final class HadoopFiles {
    private HadoopFiles() {
    }

    static FileSystem fs(Path path, Configuration conf) {
        try {
            return path.getFileSystem(conf);
        } catch (IOException e) {
            throw new TrainException("cannot reach the file system of " + path + ": " + e.getMessage(), e);
        }
    }
}
