package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.spark.HadoopBundles;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code initFrom}: a fresh network (this run's model config, optimizer and schedule, new updater state) takes the
 * weights of an existing bundle. The prep output must use the bundle's vocabularies (prep with
 * {@code reuse.bundle}) and the architecture must match parameter for parameter; either mismatch fails clearly.
 */
final class WarmStart {
    private WarmStart() {
    }

    static void apply(ComputationGraph fresh, String bundleSpec, PrepOutput prep, Configuration conf) {
        Path path = new Path(bundleSpec);
        Bundle b;
        try {
            b = HadoopBundles.read(path, conf);
        } catch (IOException | RuntimeException e) {
            throw new TrainException("initFrom " + path + " cannot be read: " + e.getMessage());
        }
        if (!b.sourceVocab().equals(prep.sourceVocab()) || !b.targetVocab().equals(prep.targetVocab())) {
            throw new TrainException("initFrom " + path + " has other vocabularies than the prep output (" + b.sourceVocab().size()
                    + "/" + b.targetVocab().size() + " vs " + prep.sourceVocab().size() + "/" + prep.targetVocab().size()
                    + " entries); prepare the data with --set reuse.bundle=" + path + " to warm-start from it");
        }
        Map<String, INDArray> theirs = b.network().paramTable();
        Map<String, INDArray> ours = fresh.paramTable();
        if (!theirs.keySet().equals(ours.keySet())) {
            throw new TrainException("initFrom " + path + " has a different architecture: parameters " + theirs.keySet()
                    + " vs this model's " + ours.keySet() + "; use the bundle's model settings (its model.yaml)");
        }
        for (Map.Entry<String, INDArray> e : ours.entrySet()) {
            long[] want = e.getValue().shape();
            long[] have = theirs.get(e.getKey()).shape();
            if (!Arrays.equals(want, have)) {
                throw new TrainException("initFrom " + path + " has a different architecture: parameter " + e.getKey()
                        + " is " + Arrays.toString(have) + ", this model's is " + Arrays.toString(want)
                        + "; use the bundle's model settings (its model.yaml)");
            }
        }
        fresh.setParams(b.network().params());
    }
}
