package org.sparknmt.spark;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.sparknmt.decode.DecodeOptions;

/**
 * The parameters of {@link NmtTranslator}, typed and validated, with all defaults set in one place (the constructor).
 * Each has the accessor Spark ML's reflection finds ({@code beam()}), a getter, and on {@link NmtTranslator} a setter.
 * The defaults are those of {@code spark-nmt translate}.
 */
public abstract class NmtTranslatorParams extends Transformer {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final Param<String> bundlePath;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final IntParam beam;
    private final IntParam nBest;
    private final DoubleParam lengthPenalty;
    private final IntParam batchSize;
    private final Param<String> overlong;
    private final IntParam maxSourceTokens;
    private final DoubleParam maxLengthRatio;
    private final IntParam maxLengthOffset;

    protected NmtTranslatorParams(String uid) {
        this.uid = uid;
        bundlePath = new Param<>(this, "bundlePath", "checkpoint bundle file (any Hadoop path); required");
        inputCol = new Param<>(this, "inputCol", "string column to translate; required");
        outputCol = new Param<>(this, "outputCol", "new column for the translations (array<string> when nBest > 1)");
        beam = new IntParam(this, "beam", "beam size, 1 = greedy (>= 1)", ParamValidators.gtEq(1));
        nBest = new IntParam(this, "nBest", "translations per row, best first (1 <= nBest <= beam)", ParamValidators.gtEq(1));
        lengthPenalty = new DoubleParam(this, "lengthPenalty",
                "GNMT length penalty alpha (>= 0, 0 = off); unset: 0 for greedy, 0.6 with beam > 1", ParamValidators.gtEq(0));
        batchSize = new IntParam(this, "batchSize", "sentences per decoding pass (>= 1)", ParamValidators.gtEq(1));
        overlong = new Param<>(this, "overlong", "a source over the limit: truncate, skip (empty output) or fail",
                ParamValidators.inArray(new String[]{"truncate", "skip", "fail"}));
        maxSourceTokens = new IntParam(this, "maxSourceTokens",
                "source limit in subwords; 0 = the longest the model was trained on (>= 0)", ParamValidators.gtEq(0));
        maxLengthRatio = new DoubleParam(this, "maxLengthRatio",
                "output length limit: ratio x source subwords + maxLengthOffset (> 0)", ParamValidators.gt(0));
        maxLengthOffset = new IntParam(this, "maxLengthOffset", "see maxLengthRatio (>= 0)", ParamValidators.gtEq(0));
        setDefault(outputCol, "translation");
        setDefault(beam, 1);
        setDefault(nBest, 1);
        setDefault(batchSize, 64);
        setDefault(overlong, "truncate");
        setDefault(maxSourceTokens, 0);
        setDefault(maxLengthRatio, DecodeOptions.DEFAULT_MAX_LENGTH_RATIO);
        setDefault(maxLengthOffset, DecodeOptions.DEFAULT_MAX_LENGTH_OFFSET);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> bundlePath() {
        return bundlePath;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public IntParam beam() {
        return beam;
    }

    public IntParam nBest() {
        return nBest;
    }

    public DoubleParam lengthPenalty() {
        return lengthPenalty;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public Param<String> overlong() {
        return overlong;
    }

    public IntParam maxSourceTokens() {
        return maxSourceTokens;
    }

    public DoubleParam maxLengthRatio() {
        return maxLengthRatio;
    }

    public IntParam maxLengthOffset() {
        return maxLengthOffset;
    }

    public String getBundlePath() {
        return $(bundlePath);
    }

    public String getInputCol() {
        return $(inputCol);
    }

    public String getOutputCol() {
        return $(outputCol);
    }

    public int getBeam() {
        return (Integer) $(beam);
    }

    public int getNBest() {
        return (Integer) $(nBest);
    }

    /** The length penalty set, or the default of the beam (0 greedy, 0.6 beam search). */
    public double getLengthPenalty() {
        return isDefined(lengthPenalty) ? (Double) $(lengthPenalty) : decodeOptions().lengthPenalty();
    }

    public int getBatchSize() {
        return (Integer) $(batchSize);
    }

    public String getOverlong() {
        return $(overlong);
    }

    public int getMaxSourceTokens() {
        return (Integer) $(maxSourceTokens);
    }

    public double getMaxLengthRatio() {
        return (Double) $(maxLengthRatio);
    }

    public int getMaxLengthOffset() {
        return (Integer) $(maxLengthOffset);
    }

    /** The search these parameters ask for; fails naming both values unless {@code nBest <= beam}. */
    DecodeOptions decodeOptions() {
        int b = getBeam();
        int n = getNBest();
        if (n > b) {
            throw new IllegalArgumentException("NmtTranslator: nBest (" + n + ") must be <= beam (" + b + ")");
        }
        DecodeOptions o = DecodeOptions.of(b, n).withMaxLength(getMaxLengthRatio(), getMaxLengthOffset());
        return isDefined(lengthPenalty) ? o.withLengthPenalty((Double) $(lengthPenalty)) : o;
    }

    /** Fails with the setter to call unless {@code param} has a value. */
    void require(Param<?> param, String setter) {
        if (!isDefined(param)) {
            throw new IllegalArgumentException("NmtTranslator: " + param.name() + " is not set; call " + setter);
        }
    }
}
