package org.sparknmt.nn.layers;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.samediff.SameDiffGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime vertex of {@link TransformerStack}: DL4J's SameDiff vertex for parameters, masks and training
 * settings, with forward and backward passes of {@link TransformerPass}. Its arrays live in the graph's workspaces,
 * whose memory is reused from one batch to the next (fresh off-heap arrays cost a page fault per 4 KiB on first touch:
 * allocating the [1088, 768] output of one projection took as long as the product itself): a training forward pass
 * allocates in the activations workspace, which stays open until the iteration's backward pass is done, so the tape it
 * keeps for that backward pass stays valid; inference in the forward working memory, the backward pass in its own.
 * The output and the input gradients are copied into the workspaces DL4J expects them in.
 */
public final class TransformerStackVertex extends SameDiffGraphVertex {
    private final TransformerStack stack;
    private final transient ForwardCache<TransformerPass.Tape> cache = new ForwardCache<>();

    TransformerStackVertex(TransformerStack config, ComputationGraph graph, String name, int index, INDArray paramsView,
                           boolean initializeParams, DataType dataType) {
        super(config, graph, name, index, paramsView, initializeParams, dataType);
        this.stack = config;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
        INDArray out;
        try (MemoryWorkspace ignored = mgr.notifyScopeBorrowed(training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM)) {
            TransformerPass.Result r = run(training);
            if (training) {
                cache.keep(r.tape(), inputs);
            } else {
                cache.forget();
            }
            out = sequences(r.out(), inputs[0].size(0));
        }
        return mgr.dup(ArrayType.ACTIVATIONS, out, 'c');
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
        INDArray[] eps;
        Gradient g = new DefaultGradient();
        try (MemoryWorkspace ignored = mgr.notifyScopeBorrowed(ArrayType.BP_WORKING_MEM)) {
            TransformerPass.Tape kept = cache.forInputs(inputs);
            TransformerPass.Tape tape = kept != null ? kept : run(true).tape();
            cache.forget();
            long mb = inputs[0].size(0);
            INDArray[] d = pass().backward(tape, rows(epsilon), gradTable);
            for (String key : gradTable.keySet()) {
                g.gradientForVariable().put(key, gradTable.get(key));
            }
            eps = new INDArray[d.length];
            for (int i = 0; i < d.length; i++) {
                eps[i] = sequences(d[i], mb);
            }
            if (stack.getEmbeddingsOf() != null) {
                TiedEmbeddings.of(graph, stack.getEmbeddingsOf()).addGradient(ids(inputs[0]), d[0]);
                eps[0] = Nd4j.zeros(inputs[0].dataType(), inputs[0].shape()); // ids have no gradient
            }
        }
        for (int i = 0; i < eps.length; i++) {
            eps[i] = mgr.dup(ArrayType.ACTIVATION_GRAD, eps[i], 'c');
        }
        return new Pair<>(g, eps);
    }

    @Override
    public void clearVertex() {
        super.clearVertex();
        cache.forget();
    }

    private TransformerPass.Result run(boolean training) {
        int mb = (int) inputs[0].size(0);
        INDArray memory = stack.isDecoder() ? rows(inputs[1]) : null;
        INDArray embedded = stack.getEmbeddingsOf() == null ? rows(inputs[0])
                : TiedEmbeddings.of(graph, stack.getEmbeddingsOf()).lookUp(ids(inputs[0]));
        return pass().forward(embedded, mb, mask(0), memory, stack.isDecoder() ? mask(1) : null, training);
    }

    private TransformerPass pass() {
        return new TransformerPass(stack, paramTable);
    }

    /** Ids {@code [mb, 1, T]} (or {@code [mb, T]}) in row order b·T + t. */
    private static int[] ids(INDArray ids) {
        return ids.dup('c').ravel().toIntVector();
    }

    /** NCW {@code [mb, d, T]} → rows {@code [mb·T, d]} (a copy). */
    private static INDArray rows(INDArray ncw) {
        return ncw.permute(0, 2, 1).dup('c').reshape('c', ncw.size(0) * ncw.size(2), ncw.size(1));
    }

    /** Rows {@code [mb·T, d]} → NCW {@code [mb, d, T]} (a view). */
    private static INDArray sequences(INDArray rows, long mb) {
        return rows.reshape('c', mb, rows.size(0) / mb, rows.size(1)).permute(0, 2, 1);
    }

    private INDArray mask(int input) {
        return maskArrays == null || maskArrays.length <= input ? null : maskArrays[input];
    }
}
