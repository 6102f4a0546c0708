package org.sparknmt.nn.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's LSTM runtime layer with the whole-sequence forward and backward passes of {@link LstmPass}: the input
 * projection of all steps in one matrix multiply, the weight gradients in one multiply each, and the forward
 * pass of a training step kept for its backward pass (DL4J's layer runs the forward pass again). Everything else
 * (rnnTimeStep and its carried state, TBPTT, other activations or the NWC layout) is DL4J's own code.
 * The training-time forward arrays live in the graph's activations workspace, which stays open until the
 * iteration's backward pass is done; they are used once, for the same input array, and dropped.
 */
public final class FusedLstmLayer extends LSTM {
    private static final long serialVersionUID = 1L;
    private transient LstmPass.Forward cached;
    private transient INDArray cachedX;
    private transient INDArray cachedInput;

    public FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        if (!fusable()) {
            return super.activate(training, mgr);
        }
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        ArrayType type = training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM;
        INDArray x = Rows.timeMajor(input, mgr, type, dataType);
        LstmPass.Forward fw = pass(mgr, type).forward(x, param(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, mgr),
                param(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, mgr),
                param(LSTMParamInitializer.BIAS_KEY, training, mgr), maskArray);
        if (training) {
            cached = fw;
            cachedX = x;
            cachedInput = input;
        } else {
            forget();
        }
        return Rows.fromTimeMajor(fw.hidden(), input.size(0), mgr, ArrayType.ACTIVATIONS, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        if (!fusable()) {
            return super.backpropGradient(epsilon, mgr);
        }
        assertInputSet(true);
        INDArray w = param(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, mgr);
        INDArray rw = param(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, mgr);
        LstmPass pass = pass(mgr, ArrayType.BP_WORKING_MEM);
        LstmPass.Forward fw = cached;
        INDArray x = cachedX;
        if (fw == null || cachedInput != input) {
            applyDropOutIfNecessary(true, mgr);
            x = Rows.timeMajor(input, mgr, ArrayType.BP_WORKING_MEM, dataType);
            fw = pass.forward(x, w, rw, param(LSTMParamInitializer.BIAS_KEY, true, mgr), maskArray);
        }
        forget();
        INDArray dHidden = Rows.timeMajor(epsilon, mgr, ArrayType.BP_WORKING_MEM, dataType);
        INDArray dW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray dRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray db = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        INDArray dx = pass.backward(fw, x, dHidden, w, rw, maskArray, dW, dRW, db);
        INDArray eps = Rows.fromTimeMajor(dx, input.size(0), mgr, ArrayType.ACTIVATION_GRAD, dataType);

        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, dW);
        g.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, dRW);
        g.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, db);
        weightNoiseParams.clear();
        return new Pair<>(g, backpropDropOutIfPresent(eps));
    }

    /**
     * Keeps the feature mask, so h and c are zeroed at padded steps. DL4J's LSTM only passes it on: in a graph its
     * forward pass never sees the mask, and inside Bidirectional the backward direction (whose reversed,
     * post-padded input starts with padding) carries the padding into every real step, so a sentence encodes
     * differently alone and padded in a batch.
     */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray mask, MaskState state, int minibatchSize) {
        this.maskArray = state == MaskState.Active ? mask : null;
        return new Pair<>(mask, state);
    }

    @Override
    public void clear() {
        super.clear();
        forget();
    }

    private void forget() {
        cached = null;
        cachedX = null;
        cachedInput = null;
    }

    /** Tanh block input and cell, sigmoid gates, NCW input: what {@link LstmPass} computes. */
    private boolean fusable() {
        return layerConf().getActivationFn() instanceof ActivationTanH
                && layerConf().getGateActivationFn() instanceof ActivationSigmoid
                && getDataFormat() == RNNFormat.NCW
                && input != null && input.rank() == 3;
    }

    private LstmPass pass(LayerWorkspaceMgr mgr, ArrayType type) {
        return new LstmPass((int) input.size(0), (int) input.size(2), (int) layerConf().getNOut(), dataType,
                shape -> mgr.createUninitialized(type, dataType, shape, 'c'));
    }

    private INDArray param(String key, boolean training, LayerWorkspaceMgr mgr) {
        return getParamWithNoise(key, training, mgr);
    }
}
