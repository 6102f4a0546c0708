package org.sparknmt.nn.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import java.util.Collection;
import java.util.Map;

/**
 * Configuration of {@link SequenceSoftmaxOutputLayer}: next-token softmax over a large vocabulary for sequences
 * in NCW layout ({@code [mb, nIn, T]} in, {@code [mb, nOut, T]} out), trained with cross-entropy on index labels
 * {@code [mb, 1, T]} and a label mask {@code [mb, T]}. Drop-in for DL4J's {@code RnnOutputLayer} with
 * {@code SPARSE_MCXENT} and softmax: the same parameters ({@code W [nIn, nOut]}, {@code b [1, nOut]}, DL4J's
 * {@link DefaultParamInitializer} layout), the same score (summed masked loss / sequences) and gradients, so a
 * network can switch between the two with its weights. Serialized with the network's JSON like any DL4J layer.
 *
 * <p>Optional label smoothing ε ({@link Builder#labelSmoothing}, default 0): training's loss and gradient use the
 * smoothed targets {@code (1−ε)·onehot + ε/V}; a score asked for outside training (validation loss, perplexity)
 * is the plain cross-entropy, so it stays comparable across settings. RnnOutputLayer has no such option.
 */
public class SequenceSoftmaxOutput extends BaseOutputLayer {
    private static final long serialVersionUID = 1L;
    private double labelSmoothing;

    /** For Jackson (the network's JSON). */
    public SequenceSoftmaxOutput() {
        super();
    }

    private SequenceSoftmaxOutput(Builder b) {
        super(b);
        this.labelSmoothing = b.labelSmoothing;
        initializeConstraints(b);
    }

    /** Label smoothing ε in [0, 1); 0 (the default, and what networks saved before it existed read) is none. */
    public double getLabelSmoothing() {
        return labelSmoothing;
    }

    /** For Jackson. */
    public void setLabelSmoothing(double labelSmoothing) {
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray params, boolean initializeParams, DataType dataType) {
        LayerValidation.assertNInNOutSet("SequenceSoftmaxOutput", getLayerName(), index, getNIn(), getNOut());
        SequenceSoftmaxOutputLayer layer = new SequenceSoftmaxOutputLayer(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(params);
        Map<String, INDArray> table = initializer().init(conf, params, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return DefaultParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalStateException("SequenceSoftmaxOutput " + getLayerName() + " takes recurrent input, not "
                    + inputType);
        }
        return InputType.recurrent(nOut, r.getTimeSeriesLength(), RNNFormat.NCW);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalStateException("SequenceSoftmaxOutput " + getLayerName() + " takes recurrent input, not "
                    + inputType);
        }
        if (nIn <= 0 || override) {
            nIn = r.getSize();
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, RNNFormat.NCW, getLayerName());
    }

    public static final class Builder extends BaseOutputLayer.Builder<Builder> {
        private double labelSmoothing;

        public Builder() {
            lossFunction(new LossSparseMCXENT()); // for DL4J's memory report and toString; the layer fuses its own
            activation(Activation.SOFTMAX);
        }

        /** Label smoothing ε in [0, 1) for training's loss; 0 = none. */
        public Builder labelSmoothing(double epsilon) {
            if (!(epsilon >= 0 && epsilon < 1)) {
                throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + epsilon);
            }
            this.labelSmoothing = epsilon;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SequenceSoftmaxOutput build() {
            return new SequenceSoftmaxOutput(this);
        }
    }
}
