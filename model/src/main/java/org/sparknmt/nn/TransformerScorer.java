package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknmt.decode.StepScorer;
import org.sparknmt.nn.kernels.FloatKernels;
import org.sparknmt.nn.layers.TransformerOps;
import org.sparknmt.nn.layers.TransformerStack;
import org.sparknmt.vocab.Specials;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.sparknmt.nn.layers.TransformerOps.affine;
import static org.sparknmt.nn.layers.TransformerOps.layerNorm;

/**
 * Incremental decoding over a Transformer {@link Seq2SeqNetwork}: the encoder runs once (DL4J's own forward pass,
 * with masks) and each decoder layer's cross-attention keys and values are projected once per sentence; each step
 * then feeds one token per row, appends its self-attention keys and values to the row's cache and reads the
 * distribution of the next token: the same arithmetic as the training graph's decoder stack on the whole prefix
 * ({@link TransformerOps} for the projections, norms and feed-forward blocks; the one-query attention reads in Java
 * lanes), checked against {@link FullPrefixScorer} by tests. Cross-attention keys and values stay per sentence and
 * are read through each row's sentence index, so fanning out a beam copies none of them; {@link #select} gathers the
 * self-attention caches. In FLOAT whatever the network's precision.
 */
public final class TransformerScorer implements StepScorer {
    private static final DataType F = DataType.FLOAT;
    private final Weights w;
    private final FloatKernels kernels = FloatKernels.best();
    private final int d;
    private final int heads;
    private final int headSize;
    private final float scale;
    private final float[][] crossKeys;    // per layer [sources, Ts, d], projected once per sentence
    private final float[][] crossValues;
    private final int[] keyCount;         // real source positions per sentence (padding trails)
    private final int ts;
    private final int[] candidates;       // ascending ids, or null for all
    private final INDArray outW;          // [d, C]
    private final INDArray outB;          // [1, C]
    private int[] source;                 // row → its source sentence
    private float[][] selfKeys;           // per layer [rows, capacity, d]: the steps so far
    private float[][] selfValues;
    private int capacity;
    private int steps;

    /** The network's parameters as the step reads them: FLOAT copies, made once per network and shared. */
    public record Weights(TransformerStack decoder, Map<String, INDArray> params, INDArray targetEmbedding,
                          INDArray outW, INDArray outB) {
        public static Weights of(ComputationGraph g) {
            TransformerStack decoder = (TransformerStack) g.getConfiguration().getVertices()
                    .get(Seq2SeqNetwork.TRANSFORMER_DECODER);
            Map<String, INDArray> params = new HashMap<>();
            g.getVertex(Seq2SeqNetwork.TRANSFORMER_DECODER).paramTable(false)
                    .forEach((k, v) -> params.put(k, v.castTo(F).dup('c')));
            INDArray outW = g.getParam(Seq2SeqNetwork.OUTPUT + "_W");
            INDArray embedding = decoder.getEmbeddingsOf() != null ? outW.transpose()
                    : g.getParam(Seq2SeqNetwork.TARGET_EMBEDDING + "_W");
            return new Weights(decoder, Map.copyOf(params), embedding.castTo(F).dup('c'),
                    g.getParam(Seq2SeqNetwork.OUTPUT + "_W").castTo(F).dup('c'),
                    g.getParam(Seq2SeqNetwork.OUTPUT + "_b").castTo(F).dup('c').reshape(1, -1));
        }

        int vocabSize() {
            return (int) outW.size(1);
        }
    }

    public TransformerScorer(Weights weights, ComputationGraph graph, EncodedSources sources, int[] candidates) {
        this.w = weights;
        this.d = weights.decoder().getModelSize();
        this.heads = weights.decoder().getHeads();
        this.headSize = d / heads;
        this.scale = (float) (1.0 / Math.sqrt(headSize));
        int n = sources.size();
        DataType type = sources.ids().dataType();
        INDArray bos = Nd4j.valueArrayOf(new long[]{n, 1, 1}, (double) Specials.BOS_ID, type);
        INDArray encoded = graph.output(List.of(Seq2SeqNetwork.TRANSFORMER_ENCODER), false,
                new INDArray[]{sources.ids(), bos}, new INDArray[]{sources.mask(), Nd4j.ones(type, n, 1)})[0];
        this.ts = (int) encoded.size(2);
        INDArray memory = encoded.castTo(F).permute(0, 2, 1).dup('c').reshape((long) n * ts, d);
        int layers = weights.decoder().getLayers();
        this.crossKeys = new float[layers][];
        this.crossValues = new float[layers][];
        for (int l = 0; l < layers; l++) {
            INDArray kv = affine(memory, p(l, "ckv"), p(l, "ckvbias"));
            crossKeys[l] = TransformerOps.columns(kv, 0, d).data().asFloat();
            crossValues[l] = TransformerOps.columns(kv, d, d).data().asFloat();
        }
        this.keyCount = new int[n];
        float[] mask = sources.mask().castTo(F).dup('c').data().asFloat();
        for (int i = 0; i < n; i++) {
            int c = 0;
            while (c < ts && mask[i * ts + c] != 0f) {
                c++;
            }
            keyCount[i] = c;
        }
        this.candidates = candidates;
        if (candidates == null) {
            this.outW = weights.outW();
            this.outB = weights.outB();
        } else {
            this.outW = weights.outW().getColumns(candidates).dup('c');
            this.outB = weights.outB().getColumns(candidates).dup('c');
        }
        this.source = identity(n);
        this.capacity = 16;
        this.selfKeys = new float[layers][n * capacity * d];
        this.selfValues = new float[layers][n * capacity * d];
    }

    @Override
    public int vocabSize() {
        return w.vocabSize();
    }

    @Override
    public float[] logProbs(int[] lastTokens) {
        int rows = lastTokens.length;
        if (steps == capacity) {
            grow(rows);
        }
        INDArray x = Nd4j.pullRows(w.targetEmbedding(), 1, lastTokens).muli(Math.sqrt(d))
                .addiRowVector(TransformerOps.positions(1, d, steps, F));
        float[] context = new float[rows * d];
        float[] scores = new float[Math.max(capacity, ts)];
        for (int l = 0; l < w.decoder().getLayers(); l++) {
            float[] qkv = affine(layerNorm(x, p(l, "sg"), p(l, "sb"), null), p(l, "sw"), p(l, "swbias")).data().asFloat();
            for (int r = 0; r < rows; r++) {
                int at = (r * capacity + steps) * d;
                System.arraycopy(qkv, r * 3 * d + d, selfKeys[l], at, d);
                System.arraycopy(qkv, r * 3 * d + 2 * d, selfValues[l], at, d);
            }
            for (int r = 0; r < rows; r++) {
                attend(qkv, r * 3 * d, selfKeys[l], selfValues[l], r * capacity * d, steps + 1, context, r * d, scores);
            }
            x.addi(affine(rowsOf(context, rows), p(l, "so"), p(l, "sobias")));
            float[] q = affine(layerNorm(x, p(l, "cg"), p(l, "cb"), null), p(l, "cq"), p(l, "cqbias")).data().asFloat();
            for (int r = 0; r < rows; r++) {
                int s = source[r];
                attend(q, r * d, crossKeys[l], crossValues[l], s * ts * d, keyCount[s], context, r * d, scores);
            }
            x.addi(affine(rowsOf(context, rows), p(l, "co"), p(l, "cobias")));
            INDArray inner = TransformerOps.reluInPlace(affine(layerNorm(x, p(l, "fg"), p(l, "fb"), null), p(l, "f1"),
                    p(l, "f1bias")));
            x.addi(affine(inner, p(l, "f2"), p(l, "f2bias")));
        }
        steps++;
        INDArray logits = affine(layerNorm(x, w.params().get("ng"), w.params().get("nb"), null), outW, outB);
        INDArray logProbs = Nd4j.exec(new LogSoftMax(logits, logits))[0]; // over the last dimension
        if (candidates == null) {
            return logProbs.data().asFloat();
        }
        float[] all = new float[rows * vocabSize()];
        Arrays.fill(all, Float.NEGATIVE_INFINITY);
        StepKernels.scatterRows(logProbs.data().asFloat(), candidates, all, rows, vocabSize());
        return all;
    }

    @Override
    public void select(int[] rows) {
        int[] next = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            next[i] = source[rows[i]];
        }
        source = next;
        for (int l = 0; l < selfKeys.length; l++) {
            selfKeys[l] = relayout(selfKeys[l], capacity, rows);
            selfValues[l] = relayout(selfValues[l], capacity, rows);
        }
    }

    /**
     * One query row's multi-head attention over {@code count} key/value rows of width d from {@code kvFrom}: per
     * head {@code softmax(q·kᵀ/√(d/h))·v} into {@code out[outFrom ...]}. One query over a few dozen keys is a few
     * thousand multiply-adds a head: Java lanes, where ND4J's batched product cost more per call than the work.
     */
    private void attend(float[] q, int qFrom, float[] keys, float[] values, int kvFrom, int count, float[] out,
                        int outFrom, float[] scores) {
        for (int h = 0; h < heads; h++) {
            int o = h * headSize;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < count; j++) {
                scores[j] = kernels.dot(q, qFrom + o, keys, kvFrom + j * d + o, headSize) * scale;
                max = Math.max(max, scores[j]);
            }
            double sum = 0;
            for (int j = 0; j < count; j++) {
                scores[j] = (float) Math.exp(scores[j] - max);
                sum += scores[j];
            }
            Arrays.fill(out, outFrom + o, outFrom + o + headSize, 0f);
            for (int j = 0; j < count; j++) {
                kernels.axpy((float) (scores[j] / sum), values, kvFrom + j * d + o, out, outFrom + o, headSize);
            }
        }
    }

    /** Doubles the self-attention caches' room for steps, keeping what they hold. */
    private void grow(int rows) {
        int[] all = identity(rows);
        int before = capacity;
        capacity *= 2;
        for (int l = 0; l < selfKeys.length; l++) {
            selfKeys[l] = relayout(selfKeys[l], before, all);
            selfValues[l] = relayout(selfValues[l], before, all);
        }
    }

    /** A cache laid out {@code [·, from, d]} as {@code [picks.length, capacity, d]}: row i = old row picks[i]. */
    private float[] relayout(float[] cache, int from, int[] picks) {
        float[] next = new float[picks.length * capacity * d];
        for (int i = 0; i < picks.length; i++) {
            System.arraycopy(cache, picks[i] * from * d, next, i * capacity * d, steps * d);
        }
        return next;
    }

    private static int[] identity(int n) {
        int[] ids = new int[n];
        Arrays.setAll(ids, i -> i);
        return ids;
    }

    private static INDArray rowsOf(float[] values, int rows) {
        return Nd4j.create(values, new long[]{rows, values.length / rows}, 'c');
    }

    private INDArray p(int layer, String name) {
        return TransformerStack.lookup(w.params(), TransformerStack.key(layer, name));
    }
}
