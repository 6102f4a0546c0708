package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparknmt.decode.StepScorer;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference scorer: every step re-runs the whole training graph on the source and the full target prefix and
 * reads the distribution at the last position. Exact by construction (it is DL4J's own forward pass) and
 * quadratic in the output length; used to check {@link IncrementalScorer}, never for serving.
 */
public final class FullPrefixScorer implements StepScorer {
    private final ComputationGraph graph;
    private final int vocab;
    private INDArray sourceIds;
    private INDArray sourceMask;
    private List<List<Integer>> prefixes = new ArrayList<>();

    public FullPrefixScorer(ComputationGraph graph, EncodedSources sources, int targetVocab) {
        this.graph = graph;
        this.vocab = targetVocab;
        this.sourceIds = sources.ids();
        this.sourceMask = sources.mask();
        for (int i = 0; i < sources.size(); i++) {
            prefixes.add(new ArrayList<>());
        }
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public float[] logProbs(int[] lastTokens) {
        int rows = lastTokens.length;
        for (int r = 0; r < rows; r++) {
            prefixes.get(r).add(lastTokens[r]);
        }
        int t = prefixes.get(0).size(); // every row has taken the same number of steps
        float[] ids = new float[rows * t];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < t; j++) {
                ids[r * t + j] = prefixes.get(r).get(j);
            }
        }
        INDArray target = Nd4j.create(ids, new long[]{rows, 1, t}, 'c').castTo(sourceIds.dataType());
        INDArray targetMask = Nd4j.ones(sourceIds.dataType(), rows, t);
        INDArray probs = graph.output(false, new INDArray[]{sourceIds, target}, new INDArray[]{sourceMask, targetMask})[0];
        INDArray last = probs.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t - 1));
        return Transforms.log(last.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), true).dup('c').data().asFloat();
    }

    @Override
    public void select(int[] rows) {
        List<List<Integer>> next = new ArrayList<>(rows.length);
        for (int r : rows) {
            next.add(new ArrayList<>(prefixes.get(r)));
        }
        prefixes = next;
        sourceIds = Nd4j.pullRows(sourceIds.reshape(sourceIds.size(0), sourceIds.size(2)), 1, rows)
                .reshape(rows.length, 1, sourceIds.size(2));
        sourceMask = Nd4j.pullRows(sourceMask, 1, rows);
    }
}
