package org.sparknmt.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleIO;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a checkpoint bundle from any Hadoop file system (local, hdfs:, s3a:). */
public final class HadoopBundles {
    private HadoopBundles() {
    }

    public static Bundle read(Path bundle, Configuration conf) throws IOException {
        try (InputStream in = new BufferedInputStream(bundle.getFileSystem(conf).open(bundle), 1 << 16)) {
            return BundleIO.read(in, bundle.toString());
        }
    }
}
