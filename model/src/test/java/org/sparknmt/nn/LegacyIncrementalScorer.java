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
 * The incremental step as it was before the fused step (one ND4J operation per element-wise step, a fresh array per
 * operation): kept for the decoding benchmark, which times it against {@link IncrementalScorer} in the same process,
 * and for a test that the two give the same log-probabilities.
 */
public final class LegacyIncrementalScorer implements StepScorer {
    private final Views w;
    private final DataType type;
    private final INDArray[] h;
    private final INDArray[] c;
    private INDArray encoderLast;
    private INDArray keysT;
    private INDArray values;
    private INDArray keyMaskPenalty;

    public LegacyIncrementalScorer(ComputationGraph graph, ModelConfig config, EncodedSources sources) {
        this.w = Views.of(graph, config);
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

    /** The decoder parameters as views, as the old step read them. */
    record Views(INDArray targetEmbedding, INDArray[] lstmW, INDArray[] lstmRW, INDArray[] lstmB,
                       INDArray wq, INDArray wk, INDArray wv, INDArray wo, INDArray outW, INDArray outB) {

        static Views of(ComputationGraph g, ModelConfig config) {
            int layers = config.layers();
            INDArray[] w = new INDArray[layers];
            INDArray[] rw = new INDArray[layers];
            INDArray[] b = new INDArray[layers];
            for (int l = 0; l < layers; l++) {
                String name = Seq2SeqNetwork.decoder(l);
                w[l] = g.getParam(name + "_W");
                rw[l] = g.getParam(name + "_RW");
                b[l] = g.getParam(name + "_b");
            }
            INDArray wq = null;
            INDArray wk = null;
            INDArray wv = null;
            INDArray wo = null;
            if (config.attention()) {
                java.util.Map<String, INDArray> att = g.getVertex(Seq2SeqNetwork.ATTENTION).paramTable(false);
                wq = head(att.get("Wq"));
                wk = head(att.get("Wk"));
                wv = head(att.get("Wv"));
                wo = att.get("Wo");
            }
            return new Views(g.getParam(Seq2SeqNetwork.TARGET_EMBEDDING + "_W"), w, rw, b, wq, wk, wv, wo,
                    g.getParam(Seq2SeqNetwork.OUTPUT + "_W"), g.getParam(Seq2SeqNetwork.OUTPUT + "_b"));
        }

        /** [1, A, H] (heads, head size, nIn) → [A, H]. */
        private static INDArray head(INDArray p) {
            return p.reshape(p.size(1), p.size(2));
        }
    }
}
