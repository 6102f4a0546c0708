package org.sparknmt.prep;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.util.SerializableConfiguration;
import org.sparknmt.batch.BatchBuilder;
import org.sparknmt.batch.BatchStats;
import org.sparknmt.batch.Batcher;
import org.sparknmt.batch.EncodedPair;
import org.sparknmt.batch.MultiDataSets;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import scala.Tuple2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

/**
 * Executor code: cuts one sorted partition into batches and writes each as a MultiDataSet file
 * {@code part-PPPPP-BBBBBB.mds} (partition, batch number), the format DL4J's path-based Spark training loads.
 * File names depend only on the partition and its sorted content, so a retried task rewrites the same files.
 * Returns the partition's statistics for the manifest.
 */
public final class WriteBatches implements Function2<Integer, Iterator<Tuple2<BatchKey, EncodedPair>>, Iterator<BatchStats>> {
    private static final long serialVersionUID = 1L;

    private final String directory;
    private final SerializableConfiguration hadoopConf;
    private final Batcher batcher;
    private final BatchBuilder builder;

    public WriteBatches(String directory, Configuration hadoopConf, Batcher batcher, BatchBuilder builder) {
        this.directory = directory;
        this.hadoopConf = new SerializableConfiguration(hadoopConf);
        this.batcher = batcher;
        this.builder = builder;
    }

    @Override
    public Iterator<BatchStats> call(Integer partition, Iterator<Tuple2<BatchKey, EncodedPair>> sorted) throws IOException {
        Path dir = new Path(directory);
        FileSystem fs = dir.getFileSystem(hadoopConf.value());
        if (fs instanceof LocalFileSystem local) {
            fs = local.getRawFileSystem(); // no .crc sidecar per batch file: thousands of small files, written once
        }
        Iterator<EncodedPair> pairs = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return sorted.hasNext();
            }

            @Override
            public EncodedPair next() {
                return sorted.next()._2();
            }
        };
        BatchStats total = BatchStats.EMPTY;
        Iterator<List<EncodedPair>> batches = batcher.batches(pairs);
        int n = 0;
        while (batches.hasNext()) {
            List<EncodedPair> batch = batches.next();
            Path file = new Path(dir, String.format("part-%05d-%06d%s", partition, n++, PrepLayout.BATCH_EXTENSION));
            MultiDataSet mds = builder.build(batch);
            try (FSDataOutputStream out = fs.create(file, true)) {
                MultiDataSets.write(mds, out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write batch file " + file, e);
            } finally {
                release(mds);
            }
            total = total.plus(builder.stats(batch));
        }
        return List.of(total).iterator();
    }

    /** Frees the arrays' native memory now instead of waiting for the garbage collector. */
    private static void release(MultiDataSet mds) {
        for (INDArray[] arrays : List.of(mds.getFeatures(), mds.getLabels(), mds.getFeaturesMaskArrays(),
                mds.getLabelsMaskArrays())) {
            for (INDArray a : arrays) {
                if (a != null && a.closeable()) {
                    a.close();
                }
            }
        }
    }
}
