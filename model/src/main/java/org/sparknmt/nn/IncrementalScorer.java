package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparknmt.decode.StepScorer;
import org.sparknmt.vocab.Specials;

import java.util.List;

/**
 * Incremental decoding over a trained {@link Seq2SeqNetwork}: the encoder runs once (DL4J's own forward pass, with
 * masks), its attention keys and values are projected once and cached; each step then costs one embedding lookup,
 * the decoder LSTM cells with carried (h, c) state, one masked attention read and the output softmax — computed
 * here in ND4J from the graph's own parameters, the same math as the graph (checked against
 * {@link FullPrefixScorer} by tests). Rows can be fanned out or dropped with {@link #select} for beam search.
 *
 * <p>Shapes (rows = live hypotheses): h, c {@code [rows,H]} per decoder layer; encoder last state
 * {@code [rows,H]}; keys^T {@code [rows,Ts,A]}; values {@code [rows,A,Ts]}; key mask {@code [rows,Ts]}.
 * DL4J's LSTM gate layout: columns {@code [0,H)} block input (tanh), {@code [H,2H)} forget, {@code [2H,3H)} output,
 * {@code [3H,4H)} input gate (sigmoid).
 */
public final class IncrementalScorer implements StepScorer {
    private final StepWeights w;
    private final DataType type;
    private final INDArray[] h;
    private final INDArray[] c;
    private INDArray encoderLast;
    private INDArray keysT;
    private INDArray values;
    private INDArray keyMaskPenalty;

    public IncrementalScorer(ComputationGraph graph, ModelConfig config, EncodedSources sources) {
        this.w = StepWeights.of(graph, config);
        this.type = sources.ids().dataType();
        int n = sources.size();
        String encoderTop = Seq2SeqNetwork.encoder(config.layers() - 1);
        INDArray bos = Nd4j.valueArrayOf(new long[]{n, 1, 1}, (double) Specials.BOS_ID, type);
        INDArray bosMask = Nd4j.ones(type, n, 1);
        INDArray[] acts = graph.output(List.of(encoderTop, Seq2SeqNetwork.ENCODER_LAST), false,
                new INDArray[]{sources.ids(), bos}, new INDArray[]{sources.mask(), bosMask});
        INDArray encoded = acts[0];             // [n, H, Ts]
        this.encoderLast = acts[1].dup('c');    // [n, H]
        this.h = new INDArray[config.layers()];
        this.c = new INDArray[config.layers()];
        for (int l = 0; l < config.layers(); l++) {
            h[l] = Nd4j.zeros(type, n, config.hidden());
            c[l] = Nd4j.zeros(type, n, config.hidden());
        }
        if (config.attention()) {
            long ts = encoded.size(2);
            INDArray flat = encoded.permute(0, 2, 1).dup('c').reshape(n * ts, config.hidden()); // [n*Ts, H]
            this.keysT = flat.mmul(w.wk().transpose()).reshape(n, ts, config.attentionSize());        // [n,Ts,A]
            this.values = flat.mmul(w.wv().transpose()).reshape(n, ts, config.attentionSize())
                    .permute(0, 2, 1).dup('c');                                                        // [n,A,Ts]
            this.keyMaskPenalty = sources.mask().sub(1.0).muli(1e9);                                   // 0 or -1e9
        }
    }

    @Override
    public int vocabSize() {
        return (int) w.outW().size(1);
    }

    @Override
    public float[] logProbs(int[] lastTokens) {
        int rows = lastTokens.length;
        INDArray x = Nd4j.hstack(Nd4j.pullRows(w.targetEmbedding(), 1, lastTokens), encoderLast);
        for (int l = 0; l < h.length; l++) {
            int hs = (int) h[l].size(1);
            INDArray gates = x.mmul(w.lstmW()[l]).addi(h[l].mmul(w.lstmRW()[l])).addiRowVector(w.lstmB()[l]);
            INDArray block = Transforms.tanh(gates.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hs)), true);
            INDArray forget = Transforms.sigmoid(gates.get(NDArrayIndex.all(), NDArrayIndex.interval(hs, 2 * hs)), true);
            INDArray output = Transforms.sigmoid(gates.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * hs, 3 * hs)), true);
            INDArray input = Transforms.sigmoid(gates.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * hs, 4 * hs)), true);
            c[l] = forget.mul(c[l]).addi(input.mul(block));
            h[l] = output.mul(Transforms.tanh(c[l], true));
            x = h[l];
        }
        INDArray features = x;
        if (keysT != null) {
            INDArray q = x.mmul(w.wq().transpose());                                               // [rows, A]
            long ts = keysT.size(1);
            INDArray scores = Nd4j.createUninitialized(type, rows, ts, q.size(1));
            Nd4j.getExecutioner().exec(new BroadcastMulOp(keysT, q, scores, 0, 2));
            INDArray logits = scores.sum(2).muli(1.0 / Math.sqrt(q.size(1))).addi(keyMaskPenalty); // [rows, Ts]
            INDArray weights = Transforms.softmax(logits, false);
            INDArray weighted = Nd4j.createUninitialized(type, rows, values.size(1), ts);
            Nd4j.getExecutioner().exec(new BroadcastMulOp(values, weights, weighted, 0, 2));
            INDArray context = weighted.sum(2);                                                    // [rows, A]
            features = Nd4j.hstack(x, context.mmul(w.wo()));
        }
        // The output projection is ~40% of a step: write it into a fresh, uninitialised array with gemm (ND4J's
        // allocating mmul is several times slower, FACTS.md), then one fused log-softmax.
        INDArray logits = Nd4j.createUninitialized(type, new long[]{rows, w.outW().size(1)}, 'c');
        Nd4j.gemm(features, w.outW(), logits, false, false, 1.0, 0.0); // features: fresh c-order (h or hstack)
        logits.addiRowVector(w.outB());
        INDArray logSoftmax = Nd4j.exec(new LogSoftMax(logits))[0]; // over the last axis
        return (type == DataType.FLOAT ? logSoftmax : logSoftmax.castTo(DataType.FLOAT)).data().asFloat();
    }

    @Override
    public void select(int[] rows) {
        for (int l = 0; l < h.length; l++) {
            h[l] = Nd4j.pullRows(h[l], 1, rows);
            c[l] = Nd4j.pullRows(c[l], 1, rows);
        }
        encoderLast = Nd4j.pullRows(encoderLast, 1, rows);
        if (keysT != null) {
            keysT = pull3(keysT, rows);
            values = pull3(values, rows);
            keyMaskPenalty = Nd4j.pullRows(keyMaskPenalty, 1, rows);
        }
    }

    private static INDArray pull3(INDArray a, int[] rows) {
        long d1 = a.size(1);
        long d2 = a.size(2);
        return Nd4j.pullRows(a.reshape(a.size(0), d1 * d2), 1, rows).reshape(rows.length, d1, d2);
    }
}
