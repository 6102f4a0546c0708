package org.sparknmt.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-step work arrays of {@link IncrementalScorer} for one row count: whole C-ordered FLOAT arrays that BLAS
 * reads and writes, and Java arrays of the same values for the element-wise kernels (copied in bulk between the
 * two). Made again only when the row count changes (a beam fans out, a sentence finishes), not every step.
 *
 * @param embedded    {@code [rows, E]}, the fed tokens' embeddings
 * @param gates       {@code [rows, 4H]}, one LSTM layer's pre-activations
 * @param query       {@code [rows, A]}, the attention query (null without attention)
 * @param read        {@code [rows, A]}, the attention read before Wo (null without attention)
 * @param attended    {@code [rows, A]}, the attention read after Wo (null without attention)
 * @param features    {@code [rows, H + A]}, the output layer's input with attention (null without)
 * @param logits      {@code [rows, C]}, over the scored output rows ({@code C = V} without a shortlist)
 * @param javaGates   {@code gates} as Java floats, and so on for the others
 * @param scratch     per-key work space of the attention read, one value per source position
 * @param scores      the log-probabilities of the scored rows {@code [rows × C]}; the same array as {@code out}
 *                    when all {@code V} are scored
 * @param out         the log-probabilities returned, {@code [rows × V]} (reused: a scorer's result is valid until
 *                    its next call); with a shortlist, -Infinity everywhere but the candidates' columns
 */
record StepBuffers(int rows, INDArray embedded, INDArray gates, INDArray query, INDArray read, INDArray attended,
                   INDArray features, INDArray logits, float[] javaEmbedded, float[] javaGates, float[] javaQuery,
                   float[] javaRead, float[] javaAttended, float[] javaFeatures, float[] scratch,
                   float[] scores, float[] out) {

    static StepBuffers of(int rows, int embedding, int hidden, int attentionSize, int vocab, int scored,
                          int sourcePositions) {
        boolean attention = attentionSize > 0;
        float[] out = new float[rows * vocab];
        if (scored < vocab) {
            java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
        }
        int a = attention ? attentionSize : 0;
        return new StepBuffers(rows, make(rows, embedding), make(rows, 4L * hidden), attention ? make(rows, a) : null,
                attention ? make(rows, a) : null, attention ? make(rows, a) : null,
                attention ? make(rows, hidden + a) : null, make(rows, scored), new float[rows * embedding],
                new float[rows * 4 * hidden], new float[rows * a], new float[rows * a], new float[rows * a],
                new float[rows * (hidden + a)], new float[Math.max(1, sourcePositions)],
                scored == vocab ? out : new float[rows * scored], out);
    }


    private static INDArray make(long rows, long columns) {
        return Nd4j.createUninitialized(DataType.FLOAT, new long[]{rows, columns}, 'c');
    }
}
