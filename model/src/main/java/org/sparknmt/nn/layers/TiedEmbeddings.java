package org.sparknmt.nn.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An output layer's weights {@code W [d, V]} read as an embedding table (token t = column t), for a stack whose target
 * embeddings are tied to its output projection: the lookup, and the lookup's gradient added into the layer's W
 * gradient. DL4J cannot share one parameter between two layers, so the table stays the output layer's alone.
 */
final class TiedEmbeddings {
    private final Layer layer;

    private TiedEmbeddings(Layer layer) {
        this.layer = layer;
    }

    static TiedEmbeddings of(ComputationGraph graph, String outputLayer) {
        Layer l = graph.getLayer(outputLayer);
        if (l == null) {
            throw new IllegalStateException("tied embeddings: the graph has no layer " + outputLayer);
        }
        return new TiedEmbeddings(l);
    }

    /** Rows {@code [ids.length, d]}: row i = column ids[i] of W. */
    INDArray lookUp(int[] ids) {
        INDArray table = layer.getParam(DefaultParamInitializer.WEIGHT_KEY).transpose(); // [V, d]
        return Nd4j.pullRows(table, 1, ids);
    }

    /** Adds row i of {@code dRows [ids.length, d]} to column ids[i] of W's gradient. */
    void addGradient(int[] ids, INDArray dRows) {
        INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        int d = (int) w.size(0);
        int vocab = (int) w.size(1);
        double[] rows = dRows.dup('c').data().asDouble();
        double[] sum = new double[vocab * d];
        for (int i = 0; i < ids.length; i++) {
            int to = ids[i] * d;
            int from = i * d;
            for (int j = 0; j < d; j++) {
                sum[to + j] += rows[from + j];
            }
        }
        INDArray grad = DefaultParamInitializer.getInstance()
                .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray())
                .get(DefaultParamInitializer.WEIGHT_KEY); // [d, V]
        grad.transpose().addi(Nd4j.create(sum, new long[]{vocab, d}, 'c').castTo(grad.dataType()));
    }
}
