package org.sparknmt.nn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.sparknmt.nn.layers.TransformerOps.affine;
import static org.sparknmt.nn.layers.TransformerOps.affineBackward;
import static org.sparknmt.nn.layers.TransformerOps.applyMask;
import static org.sparknmt.nn.layers.TransformerOps.attention;
import static org.sparknmt.nn.layers.TransformerOps.attentionBackward;
import static org.sparknmt.nn.layers.TransformerOps.columns;
import static org.sparknmt.nn.layers.TransformerOps.dropoutMask;
import static org.sparknmt.nn.layers.TransformerOps.layerNorm;
import static org.sparknmt.nn.layers.TransformerOps.layerNormBackward;

/**
 * A pre-norm Transformer stack ({@link TransformerStack}) over position rows, forward and backward: embeddings
 * scaled by √d plus sinusoidal positions, then per layer {@code x += drop(selfAttention(norm(x)))}, for a decoder
 * {@code x += drop(crossAttention(norm(x), memory))}, {@code x += drop(W2·drop(relu(W1·norm(x))))}, and a final
 * normalisation; rows at padded positions come out zero. Parameters and their gradients are looked up by
 * {@link TransformerStack}'s keys. A forward pass with {@code training} keeps what the backward pass needs (and draws
 * the dropout masks); one without keeps nothing.
 */
public final class TransformerPass {
    private final TransformerStack conf;
    private final Map<String, INDArray> params;

    public TransformerPass(TransformerStack conf, Map<String, INDArray> params) {
        this.conf = conf;
        this.params = params;
    }

    /**
     * One sub-layer's saved state: its normalisation and normalised input, the attention (or null), the input of its
     * output projection, the feed-forward's ReLU output and inner dropout mask, the output's dropout mask, and the
     * memory rows a cross-attention read.
     */
    private record Sub(TransformerOps.Norm norm, INDArray normalised, TransformerOps.Attention attention,
                       INDArray projected, INDArray inner, INDArray innerMask, INDArray outMask, INDArray memory) {
    }

    /** What {@link #backward} needs: per sub-layer state in order, the final norm, the row and embedding masks. */
    public record Tape(List<Sub> subs, TransformerOps.Norm last, INDArray rowMask, INDArray embedMask,
                int mb) {
    }

    /** Output rows and, when training, the tape. */
    public record Result(INDArray out, Tape tape) {
    }

    /**
     * embedded {@code [mb·T, d]} rows of the (unscaled) embeddings; mask {@code [mb, T]} or null; memory rows
     * {@code [mb·Ts, d]} and memoryMask for a decoder (else null).
     */
    public Result forward(INDArray embedded, int mb, INDArray mask, INDArray memory, INDArray memoryMask, boolean training) {
        int d = conf.getModelSize();
        int steps = (int) (embedded.size(0) / mb);
        INDArray x = embedded.mul(Math.sqrt(d));
        x.reshape('c', mb, steps, d).addi(TransformerOps.positions(steps, d, 0, x.dataType()));
        double p = training ? conf.getDropout() : 0.0;
        INDArray embedMask = dropoutMask(x, p);
        applyMask(x, embedMask);
        List<Sub> subs = training ? new ArrayList<>() : null;
        for (int l = 0; l < conf.getLayers(); l++) {
            x = selfAttention(l, x, mb, mask, p, subs);
            if (conf.isDecoder()) {
                x = crossAttention(l, x, mb, memory, memoryMask, p, subs);
            }
            x = feedForward(l, x, p, subs);
        }
        TransformerOps.Norm[] last = training ? new TransformerOps.Norm[1] : null;
        INDArray out = layerNorm(x, param("ng"), param("nb"), last);
        INDArray rowMask = mask == null ? null : Rows.column(mask, out.dataType());
        if (rowMask != null) {
            out.muliColumnVector(rowMask);
        }
        return new Result(out, training ? new Tape(subs, last[0], rowMask, embedMask, mb) : null);
    }

    /**
     * The gradients for the output rows' gradient {@code dOut} (changed): parameters into {@code grads} (same keys),
     * returns {dEmbedded} or, for a decoder, {dEmbedded, dMemory}.
     */
    INDArray[] backward(Tape tape, INDArray dOut, Map<String, INDArray> grads) {
        if (tape.rowMask() != null) {
            dOut.muliColumnVector(tape.rowMask());
        }
        INDArray dx = layerNormBackward(dOut, tape.last(), param("ng"), grads.get("ng"), grads.get("nb"));
        INDArray dMemory = null;
        int s = tape.subs().size() - 1;
        for (int l = conf.getLayers() - 1; l >= 0; l--) {
            dx = feedForwardBackward(l, dx, tape.subs().get(s--), grads);
            if (conf.isDecoder()) {
                INDArray[] both = crossAttentionBackward(l, dx, tape.subs().get(s--), tape.mb(), grads);
                dx = both[0];
                dMemory = dMemory == null ? both[1] : dMemory.addi(both[1]);
            }
            dx = selfAttentionBackward(l, dx, tape.subs().get(s--), grads);
        }
        applyMask(dx, tape.embedMask());
        dx.muli(Math.sqrt(conf.getModelSize()));
        return conf.isDecoder() ? new INDArray[]{dx, dMemory} : new INDArray[]{dx};
    }

    private INDArray selfAttention(int l, INDArray x, int mb, INDArray mask, double p, List<Sub> subs) {
        TransformerOps.Norm[] norm = subs == null ? null : new TransformerOps.Norm[1];
        INDArray h = layerNorm(x, param(l, "sg"), param(l, "sb"), norm);
        INDArray qkv = affine(h, param(l, "sw"), param(l, "swbias"));
        int d = conf.getModelSize();
        TransformerOps.Attention[] att = subs == null ? null : new TransformerOps.Attention[1];
        INDArray context = attention(columns(qkv, 0, d), columns(qkv, d, d), columns(qkv, 2 * d, d), mb,
                conf.getHeads(), mask, conf.isDecoder(), p, att);
        INDArray y = affine(context, param(l, "so"), param(l, "sobias"));
        INDArray outMask = dropoutMask(y, p);
        if (subs != null) {
            subs.add(new Sub(norm[0], h, att[0], context, null, null, outMask, null));
        }
        return applyMask(y, outMask).addi(x);
    }

    private INDArray selfAttentionBackward(int l, INDArray dy, Sub s, Map<String, INDArray> grads) {
        INDArray dBranch = applyMask(dy.dup(), s.outMask());
        INDArray dContext = affineBackward(dBranch, s.projected(), param(l, "so"), grad(grads, l, "so"), grad(grads, l, "sobias"));
        INDArray[] dqkv = attentionBackward(dContext, s.attention());
        INDArray dq = TransformerOps.concatColumns(dqkv);
        INDArray dh = affineBackward(dq, s.normalised(), param(l, "sw"), grad(grads, l, "sw"), grad(grads, l, "swbias"));
        return layerNormBackward(dh, s.norm(), param(l, "sg"), grad(grads, l, "sg"), grad(grads, l, "sb")).addi(dy);
    }

    private INDArray crossAttention(int l, INDArray x, int mb, INDArray memory, INDArray memoryMask, double p,
                                    List<Sub> subs) {
        TransformerOps.Norm[] norm = subs == null ? null : new TransformerOps.Norm[1];
        INDArray h = layerNorm(x, param(l, "cg"), param(l, "cb"), norm);
        INDArray q = affine(h, param(l, "cq"), param(l, "cqbias"));
        INDArray kv = affine(memory, param(l, "ckv"), param(l, "ckvbias"));
        int d = conf.getModelSize();
        TransformerOps.Attention[] att = subs == null ? null : new TransformerOps.Attention[1];
        INDArray context = attention(q, columns(kv, 0, d), columns(kv, d, d), mb, conf.getHeads(), memoryMask, false,
                p, att);
        INDArray y = affine(context, param(l, "co"), param(l, "cobias"));
        INDArray outMask = dropoutMask(y, p);
        if (subs != null) {
            subs.add(new Sub(norm[0], h, att[0], context, null, null, outMask, memory));
        }
        return applyMask(y, outMask).addi(x);
    }

    /** {dx, dMemory}. */
    private INDArray[] crossAttentionBackward(int l, INDArray dy, Sub s, int mb, Map<String, INDArray> grads) {
        INDArray dBranch = applyMask(dy.dup(), s.outMask());
        INDArray dContext = affineBackward(dBranch, s.projected(), param(l, "co"), grad(grads, l, "co"), grad(grads, l, "cobias"));
        INDArray[] d = attentionBackward(dContext, s.attention());
        INDArray dh = affineBackward(d[0], s.normalised(), param(l, "cq"), grad(grads, l, "cq"), grad(grads, l, "cqbias"));
        INDArray dMemory = affineBackward(TransformerOps.concatColumns(d[1], d[2]), s.memory(), param(l, "ckv"),
                grad(grads, l, "ckv"), grad(grads, l, "ckvbias"));
        INDArray dx = layerNormBackward(dh, s.norm(), param(l, "cg"), grad(grads, l, "cg"), grad(grads, l, "cb")).addi(dy);
        return new INDArray[]{dx, dMemory};
    }

    private INDArray feedForward(int l, INDArray x, double p, List<Sub> subs) {
        TransformerOps.Norm[] norm = subs == null ? null : new TransformerOps.Norm[1];
        INDArray h = layerNorm(x, param(l, "fg"), param(l, "fb"), norm);
        INDArray inner = TransformerOps.reluInPlace(affine(h, param(l, "f1"), param(l, "f1bias")));
        INDArray innerMask = dropoutMask(inner, p);
        INDArray dropped = innerMask == null ? inner : inner.mul(innerMask);
        INDArray y = affine(dropped, param(l, "f2"), param(l, "f2bias"));
        INDArray outMask = dropoutMask(y, p);
        if (subs != null) {
            subs.add(new Sub(norm[0], h, null, dropped, inner, innerMask, outMask, null));
        }
        return applyMask(y, outMask).addi(x);
    }

    private INDArray feedForwardBackward(int l, INDArray dy, Sub s, Map<String, INDArray> grads) {
        INDArray dBranch = applyMask(dy.dup(), s.outMask());
        INDArray dDropped = affineBackward(dBranch, s.projected(), param(l, "f2"), grad(grads, l, "f2"), grad(grads, l, "f2bias"));
        INDArray dInner = TransformerOps.reluBackwardInPlace(applyMask(dDropped, s.innerMask()), s.inner());
        INDArray dh = affineBackward(dInner, s.normalised(), param(l, "f1"), grad(grads, l, "f1"), grad(grads, l, "f1bias"));
        return layerNormBackward(dh, s.norm(), param(l, "fg"), grad(grads, l, "fg"), grad(grads, l, "fb")).addi(dy);
    }

    private INDArray param(String key) {
        return TransformerStack.lookup(params, key);
    }

    private INDArray param(int layer, String key) {
        return TransformerStack.lookup(params, TransformerStack.key(layer, key));
    }

    private static INDArray grad(Map<String, INDArray> grads, int layer, String key) {
        return TransformerStack.lookup(grads, TransformerStack.key(layer, key));
    }
}
