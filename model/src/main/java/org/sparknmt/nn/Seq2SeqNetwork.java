package org.sparknmt.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.AttentionVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.sparknmt.nn.layers.FusedAttention;
import org.sparknmt.nn.layers.FusedLstm;
import org.sparknmt.nn.layers.SequenceSoftmaxOutput;
import org.sparknmt.nn.layers.TransformerStack;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Builds the Seq2Seq ComputationGraph. Inputs: {@value #SOURCE} ids {@code [mb,1,Ts]} and {@value #TARGET_IN}
 * (BOS + target) ids {@code [mb,1,Tt]}, each with a {@code [mb,T]} mask; output {@value #OUTPUT}: next-token
 * softmax {@code [mb,V,Tt]} trained with sparse cross-entropy on index labels {@code [mb,1,Tt]}.
 * <pre>
 * source → embedding → LSTM × layers (optionally bidirectional) → encoder states ────────────────┐(keys, values)
 *                                                   └→ last real step → repeated over Tt ─┐      │
 * target-in → embedding ──────────────────────────────────────────────── concat ──→ LSTM × layers → attention
 *                                                                                   └──────── concat ─┘→ softmax
 * </pre>
 * Without attention the softmax reads the decoder states only. The decoder always sees the encoder's summary
 * (concatenated to each input), so it is conditioned on the source with or without attention. With a bidirectional
 * encoder the summary is, by default ({@code encoderSummary: ends}), each direction's final state: the forward half
 * at the last real step and the backward half at step 0; {@code last} (networks built before the key) takes both
 * halves at the last real step, where the backward direction has read only the final EOS. Layer names are
 * part of the saved format and of the incremental decoder's contract: keep them stable.
 */
public final class Seq2SeqNetwork {
    public static final String SOURCE = "src";
    public static final String TARGET_IN = "tgtIn";
    public static final String SOURCE_EMBEDDING = "srcEmb";
    public static final String TARGET_EMBEDDING = "tgtEmb";
    public static final String ENCODER_LAST = "encLast";
    private static final String ENCODER_FORWARD = "encFw";
    private static final String ENCODER_FORWARD_LAST = "encFwLast";
    private static final String ENCODER_BACKWARD = "encBw";
    private static final String ENCODER_BACKWARD_REVERSED = "encBwRev";
    private static final String ENCODER_BACKWARD_FIRST = "encBwFirst";
    public static final String ENCODER_LAST_REPEATED = "encLastRep";
    public static final String DECODER_INPUT = "decIn";
    public static final String ATTENTION = "att";
    public static final String OUTPUT_INPUT = "outIn";
    public static final String OUTPUT = "out";
    public static final String TRANSFORMER_ENCODER = "encoder";
    public static final String TRANSFORMER_DECODER = "decoder";

    private Seq2SeqNetwork() {
    }

    public static String encoder(int layer) {
        return "enc" + layer;
    }

    public static String decoder(int layer) {
        return "dec" + layer;
    }

    /** Builds and initialises the network for the given vocabulary sizes. */
    public static ComputationGraph build(ModelConfig c, int sourceVocab, int targetVocab) {
        ComputationGraph graph = new ComputationGraph(configuration(c, sourceVocab, targetVocab));
        graph.init();
        return graph;
    }

    public static ComputationGraphConfiguration configuration(ModelConfig c, int sourceVocab, int targetVocab) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .dataType(c.dataType().nd4j())
                .weightInit(c.weightInit())
                .updater(Adam.builder().learningRateSchedule(learningRateSchedule(c)).beta2(c.adamBeta2()).build());
        if (c.clipNorm() > 0) {
            base.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(c.clipNorm());
        }
        ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder().addInputs(SOURCE, TARGET_IN);
        if (c.architecture() == ModelConfig.Architecture.TRANSFORMER) {
            return transformer(g, c, sourceVocab, targetVocab);
        }

        g.addLayer(SOURCE_EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(sourceVocab).nOut(c.embedding())
                .hasBias(false).build(), SOURCE);
        String previous = SOURCE_EMBEDDING;
        long previousSize = c.embedding();
        for (int i = 0; i < c.layers(); i++) {
            if (c.bidirectional()) {
                g.addLayer(encoder(i), new Seq2SeqBidirectional(Bidirectional.Mode.CONCAT,
                        lstm(c, previousSize, c.hidden() / 2)), previous);
            } else {
                g.addLayer(encoder(i), lstm(c, previousSize, c.hidden()), previous);
            }
            previous = encoder(i);
            previousSize = c.hidden();
        }
        String encoderTop = previous;
        if (c.bidirectional() && c.encoderSummary() == ModelConfig.EncoderSummary.ENDS) {
            // each direction's final state: forward at the last real step, backward at step 0 (it ran from the end),
            // reached by reversing each sentence within its mask: its last real step is then step 0
            int half = c.hidden() / 2;
            g.addVertex(ENCODER_FORWARD, new SubsetVertex(0, half - 1), encoderTop);
            g.addVertex(ENCODER_FORWARD_LAST, new LastTimeStepVertex(SOURCE), ENCODER_FORWARD);
            g.addVertex(ENCODER_BACKWARD, new SubsetVertex(half, c.hidden() - 1), encoderTop);
            g.addVertex(ENCODER_BACKWARD_REVERSED, new ReverseTimeSeriesVertex(SOURCE), ENCODER_BACKWARD);
            g.addVertex(ENCODER_BACKWARD_FIRST, new LastTimeStepVertex(SOURCE), ENCODER_BACKWARD_REVERSED);
            g.addVertex(ENCODER_LAST, new MergeVertex(), ENCODER_FORWARD_LAST, ENCODER_BACKWARD_FIRST);
        } else {
            g.addVertex(ENCODER_LAST, new LastTimeStepVertex(SOURCE), encoderTop);
        }
        g.addVertex(ENCODER_LAST_REPEATED, new DuplicateToTimeSeriesVertex(TARGET_IN), ENCODER_LAST);

        g.addLayer(TARGET_EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(targetVocab).nOut(c.embedding())
                .hasBias(false).build(), TARGET_IN);
        g.addVertex(DECODER_INPUT, new MergeVertex(), TARGET_EMBEDDING, ENCODER_LAST_REPEATED);
        previous = DECODER_INPUT;
        previousSize = c.embedding() + (long) c.hidden();
        for (int i = 0; i < c.layers(); i++) {
            g.addLayer(decoder(i), lstm(c, previousSize, c.hidden()), previous);
            previous = decoder(i);
            previousSize = c.hidden();
        }
        String decoderTop = previous;
        long outputIn = c.hidden();
        String outputFrom = decoderTop;
        if (c.attention()) {
            AttentionVertex.Builder att = new AttentionVertex.Builder().nInQueries(c.hidden()).nInKeys(c.hidden())
                    .nInValues(c.hidden()).headSize(c.attentionSize()).nOut(c.attentionSize()).nHeads(1)
                    .projectInput(true).weightInit(c.weightInit());
            g.addVertex(ATTENTION, c.implementation() == ModelConfig.Implementation.FUSED ? new FusedAttention(att)
                    : new Seq2SeqAttention(att), decoderTop, encoderTop, encoderTop);
            g.addVertex(OUTPUT_INPUT, new MergeVertex(), decoderTop, ATTENTION);
            outputFrom = OUTPUT_INPUT;
            outputIn += c.attentionSize();
        }
        g.addLayer(OUTPUT, output(c, outputIn, targetVocab), outputFrom);
        g.setOutputs(OUTPUT);
        return g.build();
    }

    /**
     * src → embedding → {@value #TRANSFORMER_ENCODER} stack; tgtIn → embedding → {@value #TRANSFORMER_DECODER}
     * stack (over the encoder's output) → softmax. Embeddings start N(0, 1/d) (the stacks scale them by √d). With
     * {@code tiedEmbeddings} the target embeddings are the output layer's weights (the decoder stack reads tgtIn).
     */
    private static ComputationGraphConfiguration transformer(ComputationGraphConfiguration.GraphBuilder g,
                                                             ModelConfig c, int sourceVocab, int targetVocab) {
        int d = c.hidden();
        NormalDistribution init = new NormalDistribution(0.0, 1.0 / Math.sqrt(d));
        g.addLayer(SOURCE_EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(sourceVocab).nOut(d).hasBias(false)
                .weightInit(init).build(), SOURCE);
        g.addVertex(TRANSFORMER_ENCODER, new TransformerStack(c.layers(), d, c.heads(), c.feedForward(), c.dropout(),
                false), SOURCE_EMBEDDING);
        TransformerStack decoder = new TransformerStack(c.layers(), d, c.heads(), c.feedForward(), c.dropout(), true);
        if (c.tiedEmbeddings()) { // the output weights are the target embeddings: no embedding layer of its own
            g.addVertex(TRANSFORMER_DECODER, decoder.tiedTo(OUTPUT), TARGET_IN, TRANSFORMER_ENCODER);
            g.addLayer(OUTPUT, new SequenceSoftmaxOutput.Builder().nIn(d).nOut(targetVocab).weightInit(init)
                    .labelSmoothing(c.labelSmoothing()).build(), TRANSFORMER_DECODER);
        } else {
            g.addLayer(TARGET_EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(targetVocab).nOut(d).hasBias(false)
                    .weightInit(init).build(), TARGET_IN);
            g.addVertex(TRANSFORMER_DECODER, decoder, TARGET_EMBEDDING, TRANSFORMER_ENCODER);
            g.addLayer(OUTPUT, output(c, d, targetVocab), TRANSFORMER_DECODER);
        }
        g.setOutputs(OUTPUT);
        return g.build();
    }

    private static org.deeplearning4j.nn.conf.layers.Layer output(ModelConfig c, long nIn, long vocab) {
        if (c.implementation() == ModelConfig.Implementation.FUSED) {
            return new SequenceSoftmaxOutput.Builder().nIn(nIn).nOut(vocab).labelSmoothing(c.labelSmoothing()).build();
        }
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.SPARSE_MCXENT).activation(Activation.SOFTMAX)
                .nIn(nIn).nOut(vocab).dataFormat(RNNFormat.NCW).build();
    }

    private static LSTM lstm(ModelConfig c, long nIn, long nOut) {
        LSTM.Builder b = new LSTM.Builder().nIn(nIn).nOut(nOut).activation(Activation.TANH).dataFormat(RNNFormat.NCW);
        if (c.dropout() > 0) {
            b.dropOut(new Dropout(1.0 - c.dropout())); // DL4J's Dropout takes the retain probability
        }
        return c.implementation() == ModelConfig.Implementation.FUSED ? FusedLstm.of(b.build()) : b.build();
    }

    /**
     * The learning-rate schedule of the config: exponential decay per step after a linear warm-up if any, or the
     * inverse square root after its warm-up.
     */
    public static ISchedule learningRateSchedule(ModelConfig c) {
        if (c.schedule() == ModelConfig.Schedule.INVERSESQRT) {
            return new InverseSqrtSchedule(c.learningRate(), c.warmupSteps());
        }
        ISchedule decay = new ExponentialSchedule(ScheduleType.ITERATION, c.learningRate(), c.decayRate());
        return c.warmupSteps() > 0 ? new WarmupSchedule(decay, c.warmupSteps()) : decay;
    }
}
