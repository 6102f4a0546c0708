package org.sparknmt.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknmt.subword.Subwords;

/**
 * Checkpoint averaging: the element-wise mean of the parameters of several bundles of one training run, which
 * usually translates better than any one of them (Vaswani et al. 2017; fairseq's and Marian's checkpoint averaging).
 * Bundles are added one at a time, so only one is held besides the running sum. The result is the newest bundle
 * (the one with the most steps) carrying the mean parameters: its optimizer state, training state, configs and
 * provenance are kept, so it loads, translates, serves and resumes like any bundle.
 */
public final class ParameterAverage {
    private final List<String> names = new ArrayList<>();
    private Bundle newest;
    private String newestName;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TRAINING_STATE_KEYS =
            List.of("iterationCount", "epochCount", "iupdater", "biasUpdater", "updater");

    private JsonNode configuration;
    private INDArray sum;

    /**
     * Adds one bundle.
     *
     * @param name names the bundle in error messages, e.g. its path
     * @throws IllegalArgumentException when its network configuration, vocabularies or subwords differ from those
     *                                  of the bundles added before (naming both bundles)
     */
    public ParameterAverage add(Bundle bundle, String name) {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(name, "name");
        ComputationGraph network = bundle.network();
        JsonNode json = architecture(network);
        if (newest == null) {
            configuration = json;
            sum = network.params().castTo(DataType.DOUBLE); // a fresh array: the network's own is left alone
        } else {
            String first = names.get(0);
            if (!configuration.equals(json)) {
                throw new IllegalArgumentException(name + " has a different network (layers, sizes or settings) than "
                        + first + ": only checkpoints of one training run can be averaged");
            }
            if (!bundle.sourceVocab().equals(newest.sourceVocab()) || !bundle.targetVocab().equals(newest.targetVocab())
                    || !sameSubwords(bundle.subwords(), newest.subwords())) {
                throw new IllegalArgumentException(name + " has different vocabularies or subwords than " + first
                        + ": only checkpoints of one training run can be averaged");
            }
            sum.addi(network.params().castTo(DataType.DOUBLE));
        }
        names.add(name);
        if (newest == null || bundle.state().step() > newest.state().step()) {
            newest = bundle;
            newestName = name;
        }
        return this;
    }

    /**
     * The network's configuration without what training changes as it goes: the iteration and epoch counters and
     * the optimizer settings (a plateau decay rewrites every learning rate). What is left is the architecture.
     */
    private static JsonNode architecture(ComputationGraph network) {
        try {
            return withoutTrainingState(JSON.readTree(network.getConfiguration().toJson()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back DL4J's own configuration JSON", e);
        }
    }

    private static JsonNode withoutTrainingState(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(TRAINING_STATE_KEYS);
            object.forEach(ParameterAverage::withoutTrainingState);
        } else if (node instanceof ArrayNode array) {
            array.forEach(ParameterAverage::withoutTrainingState);
        }
        return node;
    }

    private static boolean sameSubwords(Subwords a, Subwords b) {
        return a.joint() == b.joint() && Bundle.sameMerges(a.source(), b.source())
                && Bundle.sameMerges(a.target(), b.target());
    }

    /** How many bundles were added. */
    public int count() {
        return names.size();
    }

    /** The name of the bundle whose optimizer and training state the result keeps. */
    public String newestName() {
        return newestName;
    }

    /**
     * The newest bundle with its network's parameters replaced by the mean. That network is changed in place: the
     * bundle passed to {@link #add} is not to be used as it was afterwards.
     *
     * @throws IllegalStateException when nothing was added
     */
    public Bundle result() {
        if (newest == null) {
            throw new IllegalStateException("no bundles to average");
        }
        ComputationGraph network = newest.network();
        INDArray mean = sum.div(names.size()).castTo(network.params().dataType());
        network.setParams(mean);
        return newest;
    }
}
