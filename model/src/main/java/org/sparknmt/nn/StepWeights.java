package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The decoder-side parameters of a {@link Seq2SeqNetwork}, looked up by layer name (views, not copies), in the
 * layouts the incremental step uses: LSTM W {@code [nIn,4H]}, RW {@code [H,4H]}, b {@code [1,4H]}; attention
 * projections {@code [A,H]} (single head) and Wo {@code [A,A]}; output W {@code [nIn,V]}, b {@code [1,V]}.
 */
record StepWeights(INDArray targetEmbedding, INDArray[] lstmW, INDArray[] lstmRW, INDArray[] lstmB,
                   INDArray wq, INDArray wk, INDArray wv, INDArray wo, INDArray outW, INDArray outB) {

    static StepWeights of(ComputationGraph g, ModelConfig config) {
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
        return new StepWeights(g.getParam(Seq2SeqNetwork.TARGET_EMBEDDING + "_W"), w, rw, b, wq, wk, wv, wo,
                g.getParam(Seq2SeqNetwork.OUTPUT + "_W"), g.getParam(Seq2SeqNetwork.OUTPUT + "_b"));
    }

    /** [1, A, H] (heads, head size, nIn) → [A, H]. */
    private static INDArray head(INDArray p) {
        return p.reshape(p.size(1), p.size(2));
    }
}
