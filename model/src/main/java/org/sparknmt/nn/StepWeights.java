package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

/**
 * The decoder-side parameters of a {@link Seq2SeqNetwork} as the incremental step reads them: FLOAT copies, whole and
 * C-ordered, transposed where that lets BLAS read them as they lie ({@code Nd4j.gemm} copies a view or a transposed
 * operand on every call, which cost more than the multiply for the output layer). Made once per network by
 * {@link IncrementalScorer#prepare} and shared by its scorers: about the size of the decoder's parameters again.
 *
 * @param embedding  the target embedding table {@code [V, E]}, row-major Java floats
 * @param w0eT       layer 0's input weights for the embedding, transposed {@code [4H, E]}
 * @param w0l        layer 0's input weights for the encoder state {@code [H, 4H]}
 * @param lstmWT     input weights of layers above 0, transposed {@code [4H, H]} (entry 0 unused)
 * @param lstmRWT    recurrent weights, transposed {@code [4H, H]}
 * @param lstmB      biases {@code [1, 4H]}
 * @param wq         attention query projection {@code [A, H]} (null without attention; also wk, wv, wo)
 * @param wo         attention output projection {@code [A, A]}
 * @param outWT      output weights, transposed {@code [V, nIn]}
 * @param outB       output bias, Java floats {@code [V]}
 */
record StepWeights(float[] embedding, int embeddingSize, INDArray w0eT, INDArray w0l, INDArray[] lstmWT,
                   INDArray[] lstmRWT, INDArray[] lstmB, INDArray wq, INDArray wk, INDArray wv, INDArray wo,
                   INDArray outWT, float[] outB) {

    static StepWeights of(ComputationGraph g, ModelConfig config) {
        int layers = config.layers();
        INDArray[] wt = new INDArray[layers];
        INDArray[] rwt = new INDArray[layers];
        INDArray[] b = new INDArray[layers];
        INDArray w0 = null;
        for (int l = 0; l < layers; l++) {
            String name = Seq2SeqNetwork.decoder(l);
            INDArray w = g.getParam(name + "_W");
            if (l == 0) {
                w0 = w;
            } else {
                wt[l] = copy(w.transpose());
            }
            rwt[l] = copy(g.getParam(name + "_RW").transpose());
            b[l] = copy(g.getParam(name + "_b"));
        }
        INDArray table = g.getParam(Seq2SeqNetwork.TARGET_EMBEDDING + "_W");
        long e = table.size(1);
        INDArray w0eT = copy(w0.get(NDArrayIndex.interval(0, e), NDArrayIndex.all()).transpose());
        INDArray w0l = copy(w0.get(NDArrayIndex.interval(e, w0.size(0)), NDArrayIndex.all()));
        INDArray wq = null;
        INDArray wk = null;
        INDArray wv = null;
        INDArray wo = null;
        if (config.attention()) {
            Map<String, INDArray> att = g.getVertex(Seq2SeqNetwork.ATTENTION).paramTable(false);
            wq = head(att.get("Wq"));
            wk = head(att.get("Wk"));
            wv = head(att.get("Wv"));
            wo = copy(att.get("Wo"));
        }
        return new StepWeights(copy(table).data().asFloat(), (int) e, w0eT, w0l, wt, rwt, b, wq, wk, wv, wo,
                copy(g.getParam(Seq2SeqNetwork.OUTPUT + "_W").transpose()),
                copy(g.getParam(Seq2SeqNetwork.OUTPUT + "_b")).data().asFloat());
    }

    /** The hidden size H. */
    int hidden() {
        return (int) lstmRWT[0].size(1);
    }

    int vocabSize() {
        return (int) outWT.size(0);
    }

    /** [1, A, H] (heads, head size, nIn) → [A, H]. */
    private static INDArray head(INDArray p) {
        return copy(p.reshape(p.size(1), p.size(2)));
    }

    /** A whole C-ordered FLOAT copy (never a view: BLAS and the Java kernels read its memory from index 0). */
    private static INDArray copy(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c');
    }
}
