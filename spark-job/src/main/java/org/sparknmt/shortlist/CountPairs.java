package org.sparknmt.shortlist;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparknmt.decode.Cooccurrences;
import org.sparknmt.train.LoadBatch;

import java.util.Iterator;
import java.util.List;

/**
 * Executor code: counts the sentence pairs of a partition's prep batch files into one {@link Cooccurrences}. A
 * batch holds, per row, the source ids (features 0) and the target ids followed by EOS (labels 0), with masks that
 * are 1 on real positions.
 */
final class CountPairs implements FlatMapFunction<Iterator<String>, Cooccurrences> {
    private static final long serialVersionUID = 1L;
    private final LoadBatch load;
    private final int sourceVocabSize;
    private final int targetVocabSize;

    CountPairs(Configuration conf, int sourceVocabSize, int targetVocabSize) {
        this.load = new LoadBatch(conf);
        this.sourceVocabSize = sourceVocabSize;
        this.targetVocabSize = targetVocabSize;
    }

    @Override
    public Iterator<Cooccurrences> call(Iterator<String> paths) throws Exception {
        Cooccurrences counts = new Cooccurrences(sourceVocabSize, targetVocabSize);
        while (paths.hasNext()) {
            String path = paths.next();
            MultiDataSet batch = load.call(path);
            try {
                add(batch, counts);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage()
                        + "; the batches were made with other vocabularies than the prep output's: run prep again", e);
            }
        }
        return List.of(counts).iterator();
    }

    /** Adds every row of one prep batch. */
    static void add(MultiDataSet batch, Cooccurrences counts) {
        float[][] source = rows(batch.getFeatures(0), batch.getFeaturesMaskArray(0));
        float[][] target = rows(batch.getLabels(0), batch.getLabelsMaskArray(0));
        for (int r = 0; r < source.length; r++) {
            counts.add(ids(source[r]), ids(target[r]));
        }
    }

    /** [mb, 1, T] ids with a [mb, T] mask → each row's real ids (as floats). */
    private static float[][] rows(INDArray ids, INDArray mask) {
        int mb = (int) ids.size(0);
        int t = (int) ids.size(2);
        float[] all = ids.reshape(mb, t).dup('c').data().asFloat();
        float[] m = mask == null ? null : mask.dup('c').data().asFloat();
        float[][] out = new float[mb][];
        for (int r = 0; r < mb; r++) {
            int n = 0;
            while (n < t && (m == null || m[r * t + n] != 0f)) {
                n++;
            }
            out[r] = java.util.Arrays.copyOfRange(all, r * t, r * t + n);
        }
        return out;
    }

    private static int[] ids(float[] row) {
        int[] out = new int[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = (int) row[i];
        }
        return out;
    }
}
