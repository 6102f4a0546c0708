package org.sparknmt.offline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleIO;
import org.sparknmt.config.ConfigException;
import org.sparknmt.spark.HadoopBundles;
import org.sparknmt.translate.OverlongPolicy;
import org.sparknmt.translate.SourceLimit;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;

/**
 * Where the tasks of a translation job find the checkpoint bundle, and the key of this JVM's cached copy
 * ({@link ExecutorModels}). {@link #prepare} runs on the driver: it reads the bundle there first (so a bad bundle
 * fails before any task starts; the copy is kept in the driver's cache, which the tasks reuse in local mode) and
 * ships the file with {@code SparkContext.addFile} when the executors are other JVMs.
 *
 * @param key     path, size and modification time: a changed file gets a new key, so no JVM serves a stale copy
 * @param path    the bundle file as the driver sees it (a qualified Hadoop path)
 * @param shipped the file was shipped with {@code SparkContext.addFile}, and executors read it from there
 */
public record BundleSource(String key, String path, boolean shipped) implements Serializable {

    /** A bundle ready for the tasks, and the driver's copy of it (for the source limit and other metadata). */
    public record Prepared(BundleSource source, Bundle bundle) {
        /** {@code maxTokens} subwords, or for 0 the longest source the model was trained on, with {@code policy}. */
        public SourceLimit limit(int maxTokens, OverlongPolicy policy) {
            return new SourceLimit(maxTokens > 0 ? maxTokens : SourceLimit.trainedLimit(bundle.dataConfigYaml()), policy);
        }
    }

    /**
     * Checks and reads the bundle file {@code spec} (any Hadoop path) on the driver and makes it available to the
     * executors; errors name {@code option}, the setting the user gave the path with.
     */
    public static Prepared prepare(JavaSparkContext sc, String spec, String option) {
        Configuration conf = sc.hadoopConfiguration();
        Path path = qualified(spec, option, conf);
        BundleSource source = new BundleSource(key(path, option, conf), path.toString(), !sc.isLocal());
        Bundle bundle;
        try {
            bundle = ExecutorModels.bundle(source.key, () -> HadoopBundles.read(path, conf));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(option + " " + path + " cannot be read: " + e.getMessage());
        }
        if (source.shipped) {
            sc.addFile(path.toString());
        }
        return new Prepared(source, bundle);
    }

    /** A network copy for one task from this JVM's cache, reading the bundle if this JVM has not yet. */
    ExecutorModels.Lease lease() throws IOException {
        return ExecutorModels.lease(key, this::load);
    }

    private Bundle load() throws IOException {
        if (shipped) {
            return BundleIO.read(java.nio.file.Path.of(SparkFiles.get(new Path(path).getName())));
        }
        return HadoopBundles.read(new Path(path), new Configuration());
    }

    private static Path qualified(String spec, String option, Configuration conf) {
        Path p = new Path(spec);
        try {
            return p.getFileSystem(conf).makeQualified(p);
        } catch (IOException e) {
            throw new ConfigException(option + " " + spec + ": " + e.getMessage());
        }
    }

    private static String key(Path bundle, String option, Configuration conf) {
        try {
            FileStatus s = bundle.getFileSystem(conf).getFileStatus(bundle);
            if (!s.isFile()) {
                throw new ConfigException(option + " " + bundle + " is a directory; pass a bundle file such as"
                        + " <run>/checkpoints/step-....bundle");
            }
            return bundle + "|" + s.getLen() + "|" + s.getModificationTime();
        } catch (FileNotFoundException e) {
            throw new ConfigException(option + ": file not found: " + bundle);
        } catch (IOException e) {
            throw new ConfigException(option + " " + bundle + ": " + e.getMessage());
        }
    }
}
