package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.util.SerializableConfiguration;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparknmt.batch.MultiDataSets;

import java.io.InputStream;

/**
 * Executor code: loads one prep batch file. The trainer feeds DL4J an RDD of loaded batches (the "Direct"
 * approach) because dl4j-spark M2's path-based fit for ComputationGraphs passes a null graph to its workers.
 */
public final class LoadBatch implements Function<String, MultiDataSet> {
    private static final long serialVersionUID = 1L;
    private final SerializableConfiguration conf;

    public LoadBatch(Configuration conf) {
        this.conf = new SerializableConfiguration(conf);
    }

    @Override
    public MultiDataSet call(String path) throws Exception {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(conf.value()).open(p)) {
            return MultiDataSets.read(in);
        }
    }
}
