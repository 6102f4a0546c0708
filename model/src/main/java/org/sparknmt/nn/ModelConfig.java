package org.sparknmt.nn;

import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparknmt.config.ConfigException;
import org.sparknmt.config.ConfigTree;

import java.io.Serializable;
import java.io.StringReader;
import java.util.regex.Pattern;

import static org.sparknmt.config.Checks.atLeast;
import static org.sparknmt.config.Checks.inRange;

/** The network's hyper-parameters, validated; defaults and meanings in {@code model-defaults.yaml}. */
public record ModelConfig(int embedding, int hidden, int layers, boolean bidirectional, double dropout,
                          boolean attention, int attentionSize, double clipNorm, double learningRate, int warmupSteps,
                          double decayRate, WeightInit weightInit, long seed, Precision dataType,
                          Implementation implementation, double labelSmoothing, EncoderSummary encoderSummary,
                          Architecture architecture, int heads, int feedForward, Schedule schedule, double adamBeta2,
                          boolean tiedEmbeddings)
        implements Serializable {
    private static final Pattern SMOOTHING_KEY = Pattern.compile("(?m)^labelSmoothing\\s*:");
    private static final Pattern SUMMARY_KEY = Pattern.compile("(?m)^encoderSummary\\s*:");

    /**
     * What a bidirectional encoder hands the decoder as its summary: each direction's final state ({@code ends}), or
     * both halves at the last real step ({@code last}, where the backward half has read only EOS; the only way
     * before the key existed). The same for a one-way encoder.
     */
    public enum EncoderSummary {
        ENDS, LAST
    }

    /** The network: an attentional LSTM encoder-decoder, or a Transformer ({@link TransformerStack}s). */
    public enum Architecture {
        LSTM, TRANSFORMER
    }

    /**
     * The learning rate over steps: {@code exponential} (× decayRate each step, after the linear warm-up) or
     * {@code inverseSqrt} (linear warm-up to the rate, then rate·√(warmupSteps / step)).
     */
    public enum Schedule {
        EXPONENTIAL, INVERSESQRT
    }

    /** Whose layers run the hot path: ours ({@code fused}) or DL4J's stock ones ({@code dl4j}); same parameters. */
    public enum Implementation {
        FUSED, DL4J
    }

    public enum Precision {
        FLOAT(DataType.FLOAT), DOUBLE(DataType.DOUBLE);

        private final DataType nd4j;

        Precision(DataType nd4j) {
            this.nd4j = nd4j;
        }

        public DataType nd4j() {
            return nd4j;
        }
    }

    public ModelConfig {
        atLeast("embedding", embedding, 1);
        atLeast("hidden", hidden, 1);
        atLeast("layers", layers, 1);
        inRange("dropout", dropout, 0.0, 0.9);
        atLeast("attentionSize", attentionSize, 1);
        inRange("clipNorm", clipNorm, 0.0, Double.MAX_VALUE);
        inRange("learningRate", learningRate, 1e-9, 10.0);
        atLeast("warmupSteps", warmupSteps, 0);
        inRange("decayRate", decayRate, 0.5, 1.0);
        if (bidirectional && hidden % 2 != 0) {
            throw ConfigException.invalid("hidden", hidden, "must be even with bidirectional: true (each direction gets hidden/2)");
        }
        if (weightInit == null) {
            throw ConfigException.invalid("weightInit", null, "allowed: any DL4J WeightInit, e.g. xavier, relu, normal");
        }
        if (dataType == null) {
            throw ConfigException.invalid("dataType", null, "allowed: float, double");
        }
        if (implementation == null) {
            throw ConfigException.invalid("implementation", null, "allowed: fused, dl4j");
        }
        inRange("labelSmoothing", labelSmoothing, 0.0, 0.5);
        if (encoderSummary == null) {
            throw ConfigException.invalid("encoderSummary", null, "allowed: ends, last");
        }
        if (architecture == null) {
            throw ConfigException.invalid("architecture", null, "allowed: lstm, transformer");
        }
        if (schedule == null) {
            throw ConfigException.invalid("schedule", null, "allowed: exponential, inverseSqrt");
        }
        atLeast("heads", heads, 1);
        atLeast("feedForward", feedForward, 1);
        inRange("adamBeta2", adamBeta2, 0.5, 0.99999);
        if (schedule == Schedule.INVERSESQRT && warmupSteps < 1) {
            throw ConfigException.invalid("warmupSteps", warmupSteps, "schedule: inverseSqrt needs warmupSteps >= 1"
                    + " (the rate peaks there, then falls as the inverse square root of the step)");
        }
        if (tiedEmbeddings && architecture != Architecture.TRANSFORMER) {
            throw ConfigException.invalid("tiedEmbeddings", true, "needs architecture: transformer (the LSTM's output"
                    + " layer reads decoder state and attention, not an embedding-sized vector)");
        }
        if (architecture == Architecture.TRANSFORMER) {
            if (embedding != hidden) {
                throw ConfigException.invalid("embedding", embedding, "must equal hidden (" + hidden
                        + ") with architecture: transformer (one model size d throughout)");
            }
            if (hidden % heads != 0) {
                throw ConfigException.invalid("heads", heads, "must divide hidden (" + hidden + ") with architecture:"
                        + " transformer (each head has hidden/heads features)");
            }
            if (implementation == Implementation.DL4J) {
                throw ConfigException.invalid("implementation", "dl4j", "DL4J has no Transformer layers: use"
                        + " implementation: fused with architecture: transformer");
            }
        }
        if (labelSmoothing > 0 && implementation == Implementation.DL4J) {
            throw ConfigException.invalid("labelSmoothing", labelSmoothing, "DL4J's stock output layer has no label"
                    + " smoothing: set labelSmoothing: 0 with implementation: dl4j, or use implementation: fused");
        }
    }

    /** The built-in defaults as a tree, to layer a user's file and overrides on. */
    public static ConfigTree defaults() {
        return ConfigTree.defaults(ModelConfig.class, "model-defaults.yaml");
    }

    /** A saved config (a bundle's model.yaml) over the current defaults, so old bundles keep loading when keys are added. */
    public static ModelConfig fromYaml(String yaml) {
        ConfigTree tree = defaults().overlay(new StringReader(yaml), "bundle model.yaml");
        if (!SMOOTHING_KEY.matcher(yaml).find()) {
            tree = tree.set("labelSmoothing=0"); // saved before the key existed: trained without smoothing
        }
        if (!SUMMARY_KEY.matcher(yaml).find()) {
            tree = tree.set("encoderSummary=last"); // and built with the last-step summary
        }
        return tree.bind(ModelConfig.class);
    }
}
