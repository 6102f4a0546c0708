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
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's LSTM runtime layer with the whole-sequence forward and backward passes of {@link LstmPass} over the real
 * cells of the batch only ({@link Packing}): the input projection of all steps in one matrix multiply, the weight
 * gradients in one multiply each, padding in none, and the forward pass of a training step kept for its backward
 * pass (DL4J's layer runs the forward pass again). Everything else (rnnTimeStep and its carried state, TBPTT, other
 * activations, the NWC layout, masks with holes or mixed padding sides) is DL4J's own code.
 * The training-time forward arrays live in the graph's activations workspace, which stays open until the
 * iteration's backward pass is done; they are used once, for the same input array, and dropped.
 */
public final class FusedLstmLayer extends LSTM {
    private static final long serialVersionUID = 1L;
    /** A training step's forward pass, for its backward pass: the input it was computed from, packed. */
    private record Cached(INDArray input, Packing packing, INDArray x, LstmPass.Forward forward) {
    }

    private transient Cached cached;

    public FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        Packing packing = fusable() ? Packing.of(maskArray, (int) input.size(0), (int) input.size(2)) : null;
        if (packing == null) {
            return super.activate(training, mgr);
        }
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        ArrayType type = training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM;
        int[] cells = packing.sequenceRows();
        INDArray x = packed(input, cells, mgr, type);
        LstmPass.Forward fw = pass(packing, mgr, type).forward(x, param(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, mgr),
                param(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, mgr),
                param(LSTMParamInitializer.BIAS_KEY, training, mgr));
        if (training) {
            cached = new Cached(input, packing, x, fw);
        } else {
            cached = null;
        }
        return Rows.scatterToSequences(fw.hidden(), cells, input.size(0), input.size(2),
                mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[]{input.size(0), fw.hidden().size(1),
                        input.size(2)}, 'c'));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        Packing packing = cached != null && cached.input() == input ? cached.packing()
                : fusable() ? Packing.of(maskArray, (int) input.size(0), (int) input.size(2)) : null;
        if (packing == null) {
            return super.backpropGradient(epsilon, mgr);
        }
        assertInputSet(true);
        INDArray w = param(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, mgr);
        INDArray rw = param(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, mgr);
        Cached c = cached;
        cached = null;
        if (c == null || c.input() != input) {
            applyDropOutIfNecessary(true, mgr);
            INDArray x = packed(input, packing.sequenceRows(), mgr, ArrayType.BP_WORKING_MEM);
            c = new Cached(input, packing, x, pass(packing, mgr, ArrayType.BP_WORKING_MEM).forward(x, w, rw,
                    param(LSTMParamInitializer.BIAS_KEY, true, mgr)));
        }
        int[] cells = c.packing().sequenceRows();
        INDArray dHidden = packed(epsilon, cells, mgr, ArrayType.BP_WORKING_MEM);
        INDArray dW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray dRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray db = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        INDArray dx = pass(c.packing(), mgr, ArrayType.BP_WORKING_MEM).backward(c.forward(), c.x(), dHidden, w, rw,
                dW, dRW, db);
        INDArray eps = Rows.scatterToSequences(dx, cells, input.size(0), input.size(2),
                mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, new long[]{input.size(0), input.size(1),
                        input.size(2)}, 'c'));

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
        cached = null;
    }

    /** Tanh block input and cell, sigmoid gates, NCW input: what {@link LstmPass} computes. */
    private boolean fusable() {
        return layerConf().getActivationFn() instanceof ActivationTanH
                && layerConf().getGateActivationFn() instanceof ActivationSigmoid
                && getDataFormat() == RNNFormat.NCW
                && input != null && input.rank() == 3;
    }

    private LstmPass pass(Packing packing, LayerWorkspaceMgr mgr, ArrayType type) {
        return new LstmPass(packing, (int) input.size(0), (int) layerConf().getNOut(),
                shape -> mgr.createUninitialized(type, dataType, shape, 'c'));
    }

    /** {@code [mb, features, T]} → the packed rows {@code [R, features]} of its real cells. */
    private INDArray packed(INDArray a, int[] cells, LayerWorkspaceMgr mgr, ArrayType type) {
        INDArray rows = Rows.sequenceMajor(a, mgr, type, dataType);
        return Nd4j.pullRows(rows, mgr.createUninitialized(type, dataType, new long[]{cells.length, a.size(1)}, 'c'),
                1, cells);
    }

    private INDArray param(String key, boolean training, LayerWorkspaceMgr mgr) {
        return getParamWithNoise(key, training, mgr);
    }
}
