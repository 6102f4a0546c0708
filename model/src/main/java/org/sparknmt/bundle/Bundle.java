package org.sparknmt.bundle;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparknmt.decode.Shortlist;
import org.sparknmt.subword.BpeModel;
import org.sparknmt.subword.Subwords;
import org.sparknmt.vocab.Vocabulary;

/**
 * A self-describing checkpoint: the network with its optimizer (updater) state, the vocabularies and BPE models it
 * was trained with, the resolved configs, and where training stands. Training writes it and serving loads it, with
 * {@link BundleIO}. The holder is immutable; the network it holds is DL4J's mutable object and is shared, not copied.
 */
public final class Bundle {
    /** The version of the file layout {@link BundleIO} writes; see {@link BundleIO} for the layout. */
    public static final int FORMAT_VERSION = 1;

    private final ComputationGraph network;
    private final Vocabulary sourceVocab;
    private final Vocabulary targetVocab;
    private final Subwords subwords;
    private final String modelConfigYaml;
    private final String dataConfigYaml;
    private final TrainingState state;
    private final Provenance provenance;
    private final Shortlist shortlist; // null: none

    /**
     * @param network         an initialised graph whose shapes fit the vocabularies ({@link #checkShapes})
     * @param subwords        the BPE model(s); when {@code joint}, source and target must be the same merges
     * @param modelConfigYaml the resolved model config as YAML text
     * @param dataConfigYaml  the resolved data (prep) config as YAML text
     * @throws IllegalArgumentException when the network is not initialised, its shapes do not fit the vocabularies,
     *                                  or joint subwords have different source and target merges
     */
    public Bundle(ComputationGraph network, Vocabulary sourceVocab, Vocabulary targetVocab, Subwords subwords,
                  String modelConfigYaml, String dataConfigYaml, TrainingState state, Provenance provenance) {
        this.network = Objects.requireNonNull(network, "network");
        this.sourceVocab = Objects.requireNonNull(sourceVocab, "sourceVocab");
        this.targetVocab = Objects.requireNonNull(targetVocab, "targetVocab");
        this.subwords = Objects.requireNonNull(subwords, "subwords");
        Objects.requireNonNull(subwords.source(), "subwords.source");
        Objects.requireNonNull(subwords.target(), "subwords.target");
        this.modelConfigYaml = Objects.requireNonNull(modelConfigYaml, "modelConfigYaml");
        this.dataConfigYaml = Objects.requireNonNull(dataConfigYaml, "dataConfigYaml");
        this.state = Objects.requireNonNull(state, "state");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        if (network.getVertices() == null) {
            throw new IllegalArgumentException("the network must be initialised (ComputationGraph.init()) before it is bundled");
        }
        if (subwords.joint() && !sameMerges(subwords.source(), subwords.target())) {
            throw new IllegalArgumentException("subwords are marked joint but the source and target BPE models differ ("
                    + subwords.source() + " vs " + subwords.target() + "); use Subwords.joint(model) or joint=false");
        }
        checkShapes(network, sourceVocab, targetVocab);
        this.shortlist = null;
    }

    private Bundle(Bundle b, Shortlist shortlist) {
        this.network = b.network;
        this.sourceVocab = b.sourceVocab;
        this.targetVocab = b.targetVocab;
        this.subwords = b.subwords;
        this.modelConfigYaml = b.modelConfigYaml;
        this.dataConfigYaml = b.dataConfigYaml;
        this.state = b.state;
        this.provenance = b.provenance;
        this.shortlist = shortlist;
    }

    /**
     * This bundle with a vocabulary shortlist for decoding (null: without one); the rest is shared, not copied.
     *
     * @throws IllegalArgumentException when the shortlist was made for vocabularies of other sizes
     */
    public Bundle withShortlist(Shortlist shortlist) {
        if (shortlist != null && (shortlist.sourceVocabSize() != sourceVocab.size()
                || shortlist.targetVocabSize() != targetVocab.size())) {
            throw new IllegalArgumentException("the shortlist is for vocabularies of " + shortlist.sourceVocabSize() + "/"
                    + shortlist.targetVocabSize() + " tokens, the bundle's have " + sourceVocab.size() + "/"
                    + targetVocab.size());
        }
        return new Bundle(this, shortlist);
    }

    /** The vocabulary shortlist decoding uses, when the bundle carries one. */
    public Optional<Shortlist> shortlist() {
        return Optional.ofNullable(shortlist);
    }

    /**
     * Checks that the network was built for these vocabularies, from its configuration:
     * <ul>
     * <li>the first layer (in configuration order) that reads the first network input directly and is an
     * {@link EmbeddingSequenceLayer} or {@link EmbeddingLayer} must have {@code nIn == src.size()};</li>
     * <li>when the first network output is an output layer ({@link BaseOutputLayer}, e.g. {@code RnnOutputLayer}),
     * its {@code nOut} must equal {@code tgt.size()}.</li>
     * </ul>
     * Each rule is skipped when the graph has no such layer (e.g. one-hot inputs, or a loss layer without weights as
     * output), so that other architectures can be bundled; then nothing ties those shapes to the vocabularies.
     *
     * @throws IllegalArgumentException naming the layer, its size and the vocabulary's size
     */
    public static void checkShapes(ComputationGraph g, Vocabulary src, Vocabulary tgt) {
        Objects.requireNonNull(g, "g");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(tgt, "tgt");
        ComputationGraphConfiguration conf = g.getConfiguration();
        List<String> inputs = conf.getNetworkInputs();
        Map<String, List<String>> vertexInputs = conf.getVertexInputs();
        if (!inputs.isEmpty()) {
            String firstInput = inputs.get(0);
            for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
                Layer layer = layerOf(v.getValue());
                List<String> feeds = vertexInputs.getOrDefault(v.getKey(), List.of());
                if ((layer instanceof EmbeddingSequenceLayer || layer instanceof EmbeddingLayer) && feeds.contains(firstInput)) {
                    long nIn = ((FeedForwardLayer) layer).getNIn();
                    if (nIn != src.size()) {
                        throw new IllegalArgumentException("embedding layer '" + v.getKey() + "' (fed by input '" + firstInput
                                + "') has nIn " + nIn + " but the source vocabulary has " + src.size() + " tokens");
                    }
                    break;
                }
            }
        }
        List<String> outputs = conf.getNetworkOutputs();
        if (!outputs.isEmpty()) {
            String output = outputs.get(0);
            Layer layer = layerOf(conf.getVertices().get(output));
            if (layer instanceof BaseOutputLayer out && out.getNOut() != tgt.size()) {
                throw new IllegalArgumentException("output layer '" + output + "' has nOut " + out.getNOut()
                        + " but the target vocabulary has " + tgt.size() + " tokens");
            }
        }
    }

    private static Layer layerOf(GraphVertex vertex) {
        return vertex instanceof LayerVertex lv && lv.getLayerConf() != null ? lv.getLayerConf().getLayer() : null;
    }

    /** Whether two BPE models have the same version and merges (BpeModel has no equals). */
    static boolean sameMerges(BpeModel a, BpeModel b) {
        return a == b || (a.version() == b.version() && a.merges().equals(b.merges()));
    }

    /** The network with its updater state; DL4J's mutable object, shared with whoever else holds it. */
    public ComputationGraph network() {
        return network;
    }

    public Vocabulary sourceVocab() {
        return sourceVocab;
    }

    public Vocabulary targetVocab() {
        return targetVocab;
    }

    public Subwords subwords() {
        return subwords;
    }

    public String modelConfigYaml() {
        return modelConfigYaml;
    }

    public String dataConfigYaml() {
        return dataConfigYaml;
    }

    public TrainingState state() {
        return state;
    }

    public Provenance provenance() {
        return provenance;
    }

    @Override
    public String toString() {
        return "Bundle[format=" + FORMAT_VERSION + ", params=" + network.numParams() + ", sourceVocab=" + sourceVocab.size()
                + ", targetVocab=" + targetVocab.size() + ", joint=" + subwords.joint() + ", " + state + ", " + provenance
                + (shortlist == null ? "" : ", " + shortlist) + "]";
    }
}
