package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknmt.decode.StepScorer;
import org.sparknmt.vocab.Specials;

import java.util.List;

/**
 * Incremental decoding over a trained {@link Seq2SeqNetwork}: the encoder runs once (DL4J's own forward pass, with
 * masks), its attention keys and values are projected once and cached, and so is layer 0's encoder-state term
 * {@code encoderLast·W + b}; each step then costs the embedding rows of the fed tokens, two matrix multiplies per
 * decoder LSTM layer, one attention read over each row's real source positions and the output projection with a
 * log-softmax — the same math as the graph (checked against {@link FullPrefixScorer} by tests), in FLOAT whatever
 * the network's precision.
 *
 * <p>The matrix products go straight to BLAS ({@code Nd4j.gemm}) into arrays reused while the row count stays the
 * same; the element-wise work is one Java pass each ({@link StepKernels}, SIMD when the JVM has the Vector API).
 * Rows can be fanned out or dropped with {@link #select} for beam search. State (rows = live hypotheses): h and c
 * {@code [rows,H]} per decoder layer, and each row's source sentence; what depends on the source alone (keys and
 * values {@code [sources,Ts,A]}, the layer-0 term) is kept once per sentence and read through that index, so a
 * beam's fan-out copies no encoder state.
 */
public final class IncrementalScorer implements StepScorer {
    private static final DataType F = DataType.FLOAT;
    private final StepWeights w;
    private final float[][] biases;
    private final int embedding;
    private final int hidden;
    private final int attentionSize;
    private final int ts;
    private final INDArray[] h;
    private final float[][] javaH;
    private final float[][] c;
    private final float[] layer0Input; // encoderLast·W0l + b0, [sources, 4H]
    private final float[] keys;         // [sources, Ts, A]
    private final float[] values;       // [sources, Ts, A]
    private final int[] keyCount;       // real source positions, per source
    private int[] source;               // row → its source sentence
    private final OutputRows output;
    private StepBuffers buffers;

    /**
     * The decoder's weights as the step reads them, made once per network and shared by its scorers: an LSTM's for
     * this class, a Transformer's for {@link TransformerScorer}.
     */
    public static final class Weights {
        private final StepWeights w;
        private final TransformerScorer.Weights transformer;

        private Weights(StepWeights w, TransformerScorer.Weights transformer) {
            this.w = w;
            this.transformer = transformer;
        }
    }

    /**
     * Prepares {@code graph}'s decoder weights for scorers (copies them; about the decoder's size again): the
     * network must not change while they are used.
     */
    public static Weights prepare(ComputationGraph graph, ModelConfig config) {
        return config.architecture() == ModelConfig.Architecture.TRANSFORMER
                ? new Weights(null, TransformerScorer.Weights.of(graph))
                : new Weights(StepWeights.of(graph, config), null);
    }

    /**
     * The incremental scorer for the network's architecture over weights {@link #prepare}d from {@code graph},
     * scoring {@code candidates} (null: the whole target vocabulary).
     */
    public static StepScorer of(Weights weights, ComputationGraph graph, ModelConfig config, EncodedSources sources,
                                int[] candidates) {
        return weights.transformer != null ? new TransformerScorer(weights.transformer, graph, sources, candidates)
                : new IncrementalScorer(weights, graph, config, sources, candidates);
    }

    /** A scorer with weights prepared for this call alone. */
    public IncrementalScorer(ComputationGraph graph, ModelConfig config, EncodedSources sources) {
        this(prepare(graph, config), graph, config, sources);
    }

    /** A scorer over weights {@link #prepare}d from {@code graph}, scoring the whole target vocabulary. */
    public IncrementalScorer(Weights weights, ComputationGraph graph, ModelConfig config, EncodedSources sources) {
        this(weights, graph, config, sources, null);
    }

    /**
     * A scorer over weights {@link #prepare}d from {@code graph} that scores only {@code candidates} (ascending
     * target ids, e.g. a {@link org.sparknmt.decode.Shortlist}'s for these sources; null: all): their
     * log-probabilities are normalised over the candidates, every other token gets -Infinity.
     */
    public IncrementalScorer(Weights weights, ComputationGraph graph, ModelConfig config, EncodedSources sources,
                             int[] candidates) {
        this.w = weights.w;
        this.output = candidates == null ? OutputRows.all(w) : OutputRows.of(w, candidates);
        this.hidden = w.hidden();
        this.embedding = w.embeddingSize();
        int n = sources.size();
        DataType type = sources.ids().dataType();
        String encoderTop = Seq2SeqNetwork.encoder(config.layers() - 1);
        INDArray bos = Nd4j.valueArrayOf(new long[]{n, 1, 1}, (double) Specials.BOS_ID, type);
        INDArray bosMask = Nd4j.ones(type, n, 1);
        INDArray[] acts = graph.output(List.of(encoderTop, Seq2SeqNetwork.ENCODER_LAST), false,
                new INDArray[]{sources.ids(), bos}, new INDArray[]{sources.mask(), bosMask});
        INDArray encoderLast = acts[1].castTo(F).dup('c');                             // [n, H]
        INDArray first = Nd4j.createUninitialized(F, new long[]{n, 4L * hidden}, 'c');
        Nd4j.gemm(encoderLast, w.w0l(), first, false, false, 1.0, 0.0);
        first.addiRowVector(w.lstmB()[0]);
        this.layer0Input = first.data().asFloat();
        this.source = new int[n];
        for (int i = 0; i < n; i++) {
            source[i] = i;
        }
        int layers = config.layers();
        this.biases = new float[layers][];
        this.h = new INDArray[layers];
        this.javaH = new float[layers][];
        this.c = new float[layers][];
        for (int l = 0; l < layers; l++) {
            biases[l] = w.lstmB()[l].data().asFloat();
            h[l] = Nd4j.zeros(F, n, hidden);
            javaH[l] = new float[n * hidden];
            c[l] = new float[n * hidden];
        }
        INDArray encoded = acts[0];                                                     // [n, H, Ts]
        this.ts = (int) encoded.size(2);
        this.attentionSize = config.attention() ? config.attentionSize() : 0;
        if (config.attention()) {
            INDArray flat = encoded.castTo(F).permute(0, 2, 1).dup('c').reshape(n * (long) ts, hidden); // [n*Ts, H]
            this.keys = project(flat, w.wk());
            this.values = project(flat, w.wv());
            this.keyCount = keyCounts(sources.mask().castTo(F), ts);
        } else {
            this.keys = null;
            this.values = null;
            this.keyCount = null;
        }
    }

    @Override
    public int vocabSize() {
        return w.vocabSize();
    }

    @Override
    public float[] logProbs(int[] lastTokens) {
        int rows = lastTokens.length;
        if (buffers == null || buffers.rows() != rows) {
            buffers = StepBuffers.of(rows, embedding, hidden, attentionSize, vocabSize(), output.count(), ts);
        }
        StepBuffers b = buffers;
        StepKernels.embed(w.embedding(), embedding, lastTokens, b.javaEmbedded());
        StepKernels.write(b.javaEmbedded(), b.embedded());
        INDArray x = b.embedded();
        for (int l = 0; l < h.length; l++) {
            Nd4j.gemm(x, l == 0 ? w.w0eT() : w.lstmWT()[l], b.gates(), false, true, 1.0, 0.0);
            Nd4j.gemm(h[l], w.lstmRWT()[l], b.gates(), false, true, 1.0, 1.0);
            StepKernels.read(b.gates(), b.javaGates());
            StepKernels.lstm(b.javaGates(), l == 0 ? layer0Input : biases[l], l == 0 ? source : null, c[l], javaH[l],
                    rows, hidden);
            StepKernels.write(javaH[l], h[l]);
            x = h[l];
        }
        int top = h.length - 1;
        INDArray features = x;
        if (keys != null) {
            Nd4j.gemm(x, w.wq(), b.query(), false, true, 1.0, 0.0);                   // [rows, A]
            StepKernels.read(b.query(), b.javaQuery());
            StepKernels.attend(b.javaQuery(), keys, values, keyCount, source, ts, attentionSize, b.javaRead(),
                    b.scratch());
            StepKernels.write(b.javaRead(), b.read());
            Nd4j.gemm(b.read(), w.wo(), b.attended(), false, false, 1.0, 0.0);
            StepKernels.read(b.attended(), b.javaAttended());
            StepKernels.concatRows(javaH[top], b.javaAttended(), b.javaFeatures(), rows, hidden, attentionSize);
            StepKernels.write(b.javaFeatures(), b.features());
            features = b.features();
        }
        Nd4j.gemm(features, output.weightsT(), b.logits(), false, true, 1.0, 0.0);
        StepKernels.read(b.logits(), b.scores());
        StepKernels.logSoftmax(b.scores(), output.bias(), rows, output.count());
        if (output.ids() != null) {
            StepKernels.scatterRows(b.scores(), output.ids(), b.out(), rows, vocabSize());
        }
        return b.out();
    }

    @Override
    public void select(int[] rows) {
        for (int l = 0; l < h.length; l++) {
            javaH[l] = gather(javaH[l], hidden, rows);
            c[l] = gather(c[l], hidden, rows);
            h[l] = Nd4j.create(javaH[l], new long[]{rows.length, hidden}, 'c');
        }
        int[] sources = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            sources[i] = source[rows[i]];
        }
        source = sources;
    }

    /** {@code x·wᵀ} ({@code w [A, H]}) as row-major floats. */
    private static float[] project(INDArray x, INDArray w) {
        INDArray out = Nd4j.createUninitialized(F, new long[]{x.size(0), w.size(0)}, 'c');
        Nd4j.gemm(x, w, out, false, true, 1.0, 0.0);
        return out.data().asFloat();
    }

    /** Each row's real positions: a mask must be 1 on a prefix and 0 after it (EncodedSources makes them so). */
    private static int[] keyCounts(INDArray mask, int ts) {
        float[] m = mask.dup('c').data().asFloat();
        int[] counts = new int[m.length / ts];
        for (int r = 0; r < counts.length; r++) {
            int n = 0;
            while (n < ts && m[r * ts + n] != 0f) {
                n++;
            }
            for (int t = n; t < ts; t++) {
                if (m[r * ts + t] != 0f) {
                    throw new IllegalArgumentException("source mask of row " + r + " is not a prefix of ones");
                }
            }
            counts[r] = n;
        }
        return counts;
    }

    private static float[] gather(float[] a, int block, int[] rows) {
        float[] out = new float[rows.length * block];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(a, rows[i] * block, out, i * block, block);
        }
        return out;
    }
}
