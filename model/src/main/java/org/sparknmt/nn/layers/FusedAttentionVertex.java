package org.sparknmt.nn.layers;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.samediff.SameDiffGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The runtime vertex of {@link FusedAttention}: DL4J's SameDiff vertex for parameters, masks and training settings,
 * with forward and backward passes of {@link AttentionPass} in plain matrix multiplies instead of a SameDiff graph
 * run (which copies its inputs into and out of its own session and derives its backward pass per call). Only
 * single-head attention with projections is computed here; anything else falls back to DL4J's SameDiff code.
 * The training-time forward arrays live in the graph's activations workspace, which stays open until the
 * iteration's backward pass is done; they are used once, for the same inputs, and dropped.
 */
public final class FusedAttentionVertex extends SameDiffGraphVertex {
    private static final String[] WEIGHTS = {"Wq", "Wk", "Wv", "Wo"};
    private final FusedAttention attention;
    private final transient ForwardCache<AttentionPass.Forward> cache = new ForwardCache<>();

    FusedAttentionVertex(FusedAttention config, ComputationGraph graph, String name, int index, INDArray paramsView,
                         boolean initializeParams, DataType dataType) {
        super(config, graph, name, index, paramsView, initializeParams, dataType);
        this.attention = config;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
        if (!fusable()) {
            return super.doForward(training, mgr);
        }
        ArrayType type = training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM;
        AttentionPass.Forward fw = forward(mgr, type);
        if (training) {
            cache.keep(fw, inputs);
        } else {
            cache.forget();
        }
        return Rows.fromSequenceMajor(fw.out(), inputs[0].size(0), mgr, ArrayType.ACTIVATIONS, dataType);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
        if (!fusable()) {
            return super.doBackward(tbptt, mgr);
        }
        AttentionPass.Forward kept = cache.forInputs(inputs);
        AttentionPass.Forward fw = kept != null ? kept : forward(mgr, ArrayType.BP_WORKING_MEM);
        cache.forget();
        long mb = inputs[0].size(0);
        AttentionPass.Gradients into = new AttentionPass.Gradients(bpWorking(mgr, "Wq"), bpWorking(mgr, "Wk"),
                bpWorking(mgr, "Wv"), bpWorking(mgr, "Wo"));
        AttentionPass.InputGradients d = pass(mgr, ArrayType.BP_WORKING_MEM).backward(fw,
                Rows.sequenceMajor(epsilon, mgr, ArrayType.BP_WORKING_MEM, dataType), weight("Wq"), weight("Wk"),
                weight("Wv"), weight("Wo"), mask(0), into);
        Gradient g = new DefaultGradient();
        INDArray[] computed = {into.wq(), into.wk(), into.wv(), into.wo()};
        for (int i = 0; i < WEIGHTS.length; i++) {
            INDArray view = gradTable.get(WEIGHTS[i]);
            view.assign(computed[i].reshape(view.shape()));
            g.gradientForVariable().put(WEIGHTS[i], view);
        }
        INDArray[] eps = {
                Rows.fromSequenceMajor(d.queries(), mb, mgr, ArrayType.ACTIVATION_GRAD, dataType),
                Rows.fromSequenceMajor(d.keys(), mb, mgr, ArrayType.ACTIVATION_GRAD, dataType),
                Rows.fromSequenceMajor(d.values(), mb, mgr, ArrayType.ACTIVATION_GRAD, dataType)};
        return new Pair<>(g, eps);
    }

    @Override
    public void clearVertex() {
        super.clearVertex();
        cache.forget();
    }

    private AttentionPass.Forward forward(LayerWorkspaceMgr mgr, ArrayType type) {
        INDArray xq = Rows.sequenceMajor(inputs[0], mgr, type, dataType);
        INDArray xk = Rows.sequenceMajor(inputs[1], mgr, type, dataType);
        INDArray xv = inputs[2] == inputs[1] ? xk : Rows.sequenceMajor(inputs[2], mgr, type, dataType);
        return pass(mgr, type).forward(xq, xk, xv, weight("Wq"), weight("Wk"), weight("Wv"), weight("Wo"),
                keyMask(), mask(0));
    }

    private AttentionPass pass(LayerWorkspaceMgr mgr, ArrayType type) {
        return new AttentionPass((int) inputs[0].size(0), (int) inputs[0].size(2), (int) inputs[1].size(2),
                attention.getHeadSize(), dataType, shape -> mgr.createUninitialized(type, dataType, shape, 'c'));
    }

    /** A projection {@code [1, A, nIn]} as {@code [A, nIn]}, or Wo {@code [A, nOut]}: views when C-ordered. */
    private INDArray weight(String key) {
        INDArray p = paramTable.get(key);
        return p.rank() == 3 ? p.reshape('c', p.size(1), p.size(2)) : p;
    }

    private INDArray bpWorking(LayerWorkspaceMgr mgr, String key) {
        INDArray w = weight(key);
        return mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, w.shape(), 'c');
    }

    private INDArray mask(int input) {
        return maskArrays == null || maskArrays.length <= input ? null : maskArrays[input];
    }

    /** DL4J's vertex masks the keys with min(key mask, value mask). */
    private INDArray keyMask() {
        INDArray k = mask(1);
        INDArray v = mask(2);
        if (k == null || v == null || k == v) {
            return k != null ? k : v;
        }
        return Transforms.min(k, v, true);
    }

    /** One head with input projections, NCW inputs: what {@link AttentionPass} computes. */
    private boolean fusable() {
        return attention.getNHeads() == 1 && attention.isProjectInput() && inputs != null && inputs.length == 3
                && inputs[0] != null && inputs[0].rank() == 3 && inputs[1] != null && inputs[1].rank() == 3
                && inputs[2] != null && inputs[2].rank() == 3;
    }
}
