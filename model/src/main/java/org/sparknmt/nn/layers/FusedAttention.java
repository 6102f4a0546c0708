package org.sparknmt.nn.layers;

import org.deeplearning4j.nn.conf.graph.AttentionVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's AttentionVertex configuration with {@link FusedAttentionVertex} as its runtime vertex: parameters
 * (Wq, Wk, Wv {@code [1, A, nIn]}, Wo {@code [A, nOut]}), their initialisation, masks and serialized fields are
 * DL4J's own; only how the batch is computed differs. Its {@code clone()} keeps every setting (DL4J's drops the
 * updater-relevant ones, which breaks Spark workers that clone the configuration).
 */
public class FusedAttention extends AttentionVertex {
    private static final long serialVersionUID = 1L;

    /** For Jackson (the network's JSON). */
    public FusedAttention() {
        super();
    }

    public FusedAttention(AttentionVertex.Builder builder) {
        super(builder);
    }

    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int index, INDArray paramsView,
                                   boolean initializeParams, DataType dataType) {
        setName(name); // as DL4J's SameDiffVertex does: the updater finds the vertex's parameters by this name
        return new FusedAttentionVertex(this, graph, name, index, paramsView, initializeParams, dataType);
    }

    @Override
    public FusedAttention clone() {
        return copySettings(this, new FusedAttention());
    }

    /** Copies every setting of {@code from}, the SameDiff vertex's training settings included, into {@code to}. */
    public static <T extends AttentionVertex> T copySettings(AttentionVertex from, T to) {
        to.setNInKeys(from.getNInKeys());
        to.setNInValues(from.getNInValues());
        to.setNInQueries(from.getNInQueries());
        to.setNOut(from.getNOut());
        to.setHeadSize(from.getHeadSize());
        to.setNHeads(from.getNHeads());
        to.setProjectInput(from.isProjectInput());
        to.setWeightInit(from.getWeightInit());
        return SameDiffSettings.copy(from, to);
    }
}
