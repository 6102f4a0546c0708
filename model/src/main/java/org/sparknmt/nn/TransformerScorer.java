package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.sparknmt.decode.StepScorer;
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
 * ({@link TransformerOps}), checked against {@link FullPrefixScorer} by tests. {@link #select} gathers the caches for
 * beam search. In FLOAT whatever the network's precision.
 */
public final class TransformerScorer implements StepScorer {
    private static final DataType F = DataType.FLOAT;
    private final Weights w;
    private final int d;
    private final INDArray[] crossKeys;   // per layer [sources·Ts, d], a sentence's rows contiguous
    private final INDArray[] crossValues;
    private final INDArray sourceMask;    // [sources, Ts]
    private final int ts;
    private final int[] candidates;       // ascending ids, or null for all
    private final INDArray outW;          // [d, C]
    private final INDArray outB;          // [1, C]
    private int[] source;                 // row → its source sentence
    private INDArray[] rowCrossKeys;      // crossKeys gathered for the current rows
    private INDArray[] rowCrossValues;
    private INDArray rowMask;
    private INDArray[] selfKeys;          // per layer [rows, t, d]
    private INDArray[] selfValues;
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
        int n = sources.size();
        DataType type = sources.ids().dataType();
        INDArray bos = Nd4j.valueArrayOf(new long[]{n, 1, 1}, (double) Specials.BOS_ID, type);
        INDArray encoded = graph.output(List.of(Seq2SeqNetwork.TRANSFORMER_ENCODER), false,
                new INDArray[]{sources.ids(), bos}, new INDArray[]{sources.mask(), Nd4j.ones(type, n, 1)})[0];
        this.ts = (int) encoded.size(2);
        INDArray memory = encoded.castTo(F).permute(0, 2, 1).dup('c').reshape((long) n * ts, d);
        int layers = weights.decoder().getLayers();
        this.crossKeys = new INDArray[layers];
        this.crossValues = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            INDArray kv = affine(memory, p(l, "ckv"), p(l, "ckvbias"));
            crossKeys[l] = columns(kv, 0);
            crossValues[l] = columns(kv, d);
        }
        this.sourceMask = sources.mask().castTo(F).dup('c');
        this.candidates = candidates;
        if (candidates == null) {
            this.outW = weights.outW();
            this.outB = weights.outB();
        } else {
            this.outW = weights.outW().getColumns(candidates).dup('c');
            this.outB = weights.outB().getColumns(candidates).dup('c');
        }
        this.source = new int[n];
        Arrays.setAll(source, i -> i);
        this.rowCrossKeys = crossKeys;
        this.rowCrossValues = crossValues;
        this.rowMask = sourceMask;
        this.selfKeys = new INDArray[layers];
        this.selfValues = new INDArray[layers];
    }

    @Override
    public int vocabSize() {
        return w.vocabSize();
    }

    @Override
    public float[] logProbs(int[] lastTokens) {
        int rows = lastTokens.length;
        int heads = w.decoder().getHeads();
        INDArray x = Nd4j.pullRows(w.targetEmbedding(), 1, lastTokens).muli(Math.sqrt(d))
                .addiRowVector(TransformerOps.positions(1, d, steps, F));
        for (int l = 0; l < w.decoder().getLayers(); l++) {
            INDArray qkv = affine(layerNorm(x, p(l, "sg"), p(l, "sb"), null), p(l, "sw"), p(l, "sbias"));
            selfKeys[l] = append(selfKeys[l], columns(qkv, d), rows);
            selfValues[l] = append(selfValues[l], columns(qkv, 2 * d), rows);
            INDArray context = TransformerOps.attention(columns(qkv, 0), selfKeys[l].reshape('c', (long) rows * (steps + 1), d),
                    selfValues[l].reshape('c', (long) rows * (steps + 1), d), rows, heads, null, false, 0.0, null);
            x.addi(affine(context, p(l, "so"), p(l, "sobias")));
            INDArray q = affine(layerNorm(x, p(l, "cg"), p(l, "cb"), null), p(l, "cq"), p(l, "cqbias"));
            context = TransformerOps.attention(q, rowCrossKeys[l], rowCrossValues[l], rows, heads, rowMask, false, 0.0, null);
            x.addi(affine(context, p(l, "co"), p(l, "cobias")));
            INDArray inner = Transforms.relu(affine(layerNorm(x, p(l, "fg"), p(l, "fb"), null), p(l, "f1"),
                    p(l, "f1bias")), false);
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
            if (selfKeys[l] != null) {
                selfKeys[l] = gather(selfKeys[l], rows);
                selfValues[l] = gather(selfValues[l], rows);
            }
        }
        rowCrossKeys = new INDArray[crossKeys.length];
        rowCrossValues = new INDArray[crossValues.length];
        for (int l = 0; l < crossKeys.length; l++) {
            rowCrossKeys[l] = gather(crossKeys[l].reshape('c', sourceMask.size(0), ts, d), source).reshape('c', (long) rows.length * ts, d);
            rowCrossValues[l] = gather(crossValues[l].reshape('c', sourceMask.size(0), ts, d), source).reshape('c', (long) rows.length * ts, d);
        }
        rowMask = Nd4j.pullRows(sourceMask, 1, source);
    }

    private INDArray p(int layer, String name) {
        return w.params().get(TransformerStack.key(layer, name));
    }

    /** Columns {@code [from, from + d)} of rows, as a whole C-ordered copy. */
    private INDArray columns(INDArray rows, int from) {
        return rows.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + d)).dup('c');
    }

    /** The cache {@code [rows, t, d]} with this step's rows {@code [rows, d]} appended: {@code [rows, t+1, d]}. */
    private INDArray append(INDArray cache, INDArray step, int rows) {
        INDArray added = step.reshape('c', rows, 1, d);
        return cache == null ? added.dup('c') : Nd4j.concat(1, cache, added);
    }

    /** {@code [n, t, d]} → {@code [rows.length, t, d]}, row i = old row rows[i]. */
    private static INDArray gather(INDArray a, int[] rows) {
        long t = a.size(1);
        long f = a.size(2);
        return Nd4j.pullRows(a.reshape('c', a.size(0), t * f), 1, rows).reshape('c', rows.length, t, f);
    }
}
