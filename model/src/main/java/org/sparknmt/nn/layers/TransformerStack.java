package org.sparknmt.nn.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Objects;

/**
 * A whole pre-norm Transformer encoder or decoder stack as one graph vertex (computed by {@link TransformerPass}):
 * input 0 is the embedded sequence {@code [mb, d, T]} with its mask; a decoder's input 1 is the encoder's output
 * {@code [mb, d, Ts]} with the source mask, and its self-attention is causal. Output {@code [mb, d, T]}, zero at
 * padded steps; the mask of input 0 goes on. One vertex per stack means one layout change in and out per batch
 * instead of one per sub-layer. Parameters per layer {@code l} (matrices {@code [in, out]}):
 * self-attention norm {@code sg, sb}, projections {@code sw [d, 3d]} (queries, keys, values) and {@code so [d, d]}
 * with biases; a decoder's cross-attention norm {@code cg, cb}, {@code cq [d, d]}, {@code ckv [d, 2d]},
 * {@code co [d, d]} with biases; feed-forward norm {@code fg, fb}, {@code f1 [d, ff]}, {@code f2 [ff, d]} with
 * biases; then the final norm {@code ng, nb} (see {@link #key}). Serialized with the network's JSON (the key names are part of the
 * saved format). Runs only through its own vertex: there is no SameDiff definition.
 */
public class TransformerStack extends SameDiffVertex {
    private static final long serialVersionUID = 1L;
    private int layers;
    private int modelSize;
    private int heads;
    private int feedForward;
    private double dropout;
    private boolean decoder;
    private String embeddingsOf;

    /** For Jackson (the network's JSON). */
    public TransformerStack() {
    }

    public TransformerStack(int layers, int modelSize, int heads, int feedForward, double dropout, boolean decoder) {
        if (layers < 1 || modelSize < 1 || heads < 1 || feedForward < 1 || modelSize % heads != 0) {
            throw new IllegalArgumentException("a Transformer stack needs layers, size, heads and feed-forward size >= 1"
                    + " and heads dividing the size; got " + layers + ", " + modelSize + ", " + heads + ", " + feedForward);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        this.layers = layers;
        this.modelSize = modelSize;
        this.heads = heads;
        this.feedForward = feedForward;
        this.dropout = dropout;
        this.decoder = decoder;
    }

    /**
     * This decoder stack with its target embeddings tied to the output layer {@code outputLayer}'s weights
     * {@code W [d, V]}: input 0 is then the target ids {@code [mb, 1, T]}, each looked up as its column of W, and the
     * lookup's gradient is added to that layer's W gradient (which the graph computes first, being downstream).
     */
    public TransformerStack tiedTo(String outputLayer) {
        if (!decoder) {
            throw new IllegalArgumentException("only a decoder stack reads its embeddings from the output layer");
        }
        TransformerStack t = clone();
        t.embeddingsOf = outputLayer;
        return t;
    }

    /** The output layer whose weights are this stack's embeddings, or null when input 0 is already embedded. */
    public String getEmbeddingsOf() {
        return embeddingsOf;
    }

    public void setEmbeddingsOf(String embeddingsOf) {
        this.embeddingsOf = embeddingsOf;
    }

    /**
     * The parameter key of {@code name} in layer {@code layer}: {@code l<layer><name>}. No underscore: DL4J's updater
     * finds a parameter's vertex by splitting {@code <vertex>_<key>} at one.
     */
    public static String key(int layer, String name) {
        return "l" + layer + name;
    }

    /**
     * {@code table}'s array for {@code key}, failing on a key the stack does not have: a null from a misspelt key
     * would silently read as "no bias" (the query/key/value bias went unused that way until 2026-12-05).
     */
    public static INDArray lookup(Map<String, INDArray> table, String key) {
        INDArray a = table.get(key);
        if (a == null) {
            throw new IllegalArgumentException("no Transformer parameter '" + key + "' (have " + table.keySet() + ")");
        }
        return a;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        if (decoder) {
            params.defineInputs("x", "memory");
        } else {
            params.defineInputs("x");
        }
        long d = modelSize;
        for (int l = 0; l < layers; l++) {
            sublayer(params, l, "s", new String[]{"sw", "so"}, new long[][]{{d, 3 * d}, {d, d}});
            if (decoder) {
                sublayer(params, l, "c", new String[]{"cq", "ckv", "co"}, new long[][]{{d, d}, {d, 2 * d}, {d, d}});
            }
            sublayer(params, l, "f", new String[]{"f1", "f2"}, new long[][]{{d, feedForward}, {feedForward, d}});
        }
        params.addBiasParam("ng", 1, d);
        params.addBiasParam("nb", 1, d);
    }

    /** A norm (gain {@code <p>g}, bias {@code <p>b}) and matrices with biases ({@code <name>bias}). */
    private static void sublayer(SDVertexParams params, int l, String prefix, String[] names, long[][] shapes) {
        params.addBiasParam(key(l, prefix + "g"), 1, shapes[0][0]);
        params.addBiasParam(key(l, prefix + "b"), 1, shapes[0][0]);
        for (int i = 0; i < names.length; i++) {
            params.addWeightParam(key(l, names[i]), shapes[i]);
            params.addBiasParam(key(l, names[i] + "bias"), 1, shapes[i][1]);
        }
    }

    /** Matrices Xavier-uniform (as PyTorch's Transformer), biases 0, norm gains 1. */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            String name = e.getKey().replaceFirst("^l[0-9]+", "");
            INDArray p = e.getValue();
            if (getVertexParams().isWeightParam(e.getKey())) {
                double bound = Math.sqrt(6.0 / (p.size(0) + p.size(1)));
                p.assign(Nd4j.rand(p.dataType(), p.shape()).muli(2 * bound).subi(bound));
            } else if (name.endsWith("g") && name.length() == 2) {
                p.assign(1.0);
            } else {
                p.assign(0.0);
            }
        }
    }

    @Override
    public SDVariable defineVertex(SameDiff sameDiff, Map<String, SDVariable> layerInput,
                                   Map<String, SDVariable> paramTable, Map<String, SDVariable> maskVars) {
        throw new UnsupportedOperationException("TransformerStack runs only through its own vertex");
    }

    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int index, INDArray paramsView,
                                   boolean initializeParams, DataType dataType) {
        setName(name); // as DL4J's SameDiffVertex does: the updater finds the vertex's parameters by this name
        return new TransformerStackVertex(this, graph, name, index, paramsView, initializeParams, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... inputs) {
        if (!(inputs[0] instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalStateException("TransformerStack " + getName() + " takes recurrent input, not " + inputs[0]);
        }
        return InputType.recurrent(modelSize, r.getTimeSeriesLength());
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] masks, MaskState state, int minibatchSize) {
        return Pair.of(masks == null ? null : masks[0], state);
    }

    @Override
    public int minVertexInputs() {
        return decoder ? 2 : 1;
    }

    @Override
    public int maxVertexInputs() {
        return decoder ? 2 : 1;
    }

    @Override
    public TransformerStack clone() {
        TransformerStack c = new TransformerStack(layers, modelSize, heads, feedForward, dropout, decoder);
        c.embeddingsOf = embeddingsOf;
        return SameDiffSettings.copy(this, c);
    }

    public int getLayers() {
        return layers;
    }

    public void setLayers(int layers) {
        this.layers = layers;
    }

    public int getModelSize() {
        return modelSize;
    }

    public void setModelSize(int modelSize) {
        this.modelSize = modelSize;
    }

    public int getHeads() {
        return heads;
    }

    public void setHeads(int heads) {
        this.heads = heads;
    }

    public int getFeedForward() {
        return feedForward;
    }

    public void setFeedForward(int feedForward) {
        this.feedForward = feedForward;
    }

    public double getDropout() {
        return dropout;
    }

    public void setDropout(double dropout) {
        this.dropout = dropout;
    }

    public boolean isDecoder() {
        return decoder;
    }

    public void setDecoder(boolean decoder) {
        this.decoder = decoder;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformerStack t && super.equals(o) && layers == t.layers && modelSize == t.modelSize
                && heads == t.heads && feedForward == t.feedForward && dropout == t.dropout && decoder == t.decoder
                && Objects.equals(embeddingsOf, t.embeddingsOf);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), layers, modelSize, heads, feedForward, dropout, decoder, embeddingsOf);
    }
}
