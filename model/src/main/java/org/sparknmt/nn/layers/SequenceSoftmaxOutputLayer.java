package org.sparknmt.nn.layers;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Function;

/**
 * The runtime layer of {@link SequenceSoftmaxOutput}. Works on 2-D {@code [mb·T, V]} logits whose rows are
 * (sequence, step) in C order, so labels {@code [mb,1,T]} and the mask {@code [mb,T]} are read as they come and the
 * {@code [mb,V,T]} output is a view, not a copy; only the small input {@code [mb,nIn,T]} is transposed once.
 * One training pass computes the logits of the rows that count (mask not 0; padding is skipped) with one matrix
 * multiply into workspace memory, turns them into softmax
 * probabilities in place (max-shifted, so stable) while taking the cross-entropy of each row as
 * {@code log Σexp(z−max) − (z_label−max)}, and reuses the same array for the gradient {@code mask·(p − onehot)}.
 * DL4J's graph asks for the score after the gradient: it is the loss of that pass when input and labels are
 * unchanged (DL4J's own output layer computes logits and softmax again for it), and computed afresh otherwise.
 * Score and gradient conventions are DL4J's: summed masked loss divided by the number of sequences, gradients not
 * divided (the updater does that). With label smoothing, training's score and gradient are the smoothed loss's and
 * a score outside training ({@code graph.score(data, false)}, per-example scores) is the plain cross-entropy.
 */
public final class SequenceSoftmaxOutputLayer extends BaseOutputLayer<SequenceSoftmaxOutput> {
    private static final long serialVersionUID = 1L;
    private transient INDArray featureMask;
    private transient INDArray lossInput;
    private transient INDArray lossLabels;
    private transient double lossOfBackprop;

    public SequenceSoftmaxOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    /** Keeps the label mask as DL4J gives it, {@code [mb, T]} (DL4J's own layer reshapes it to F-order rows). */
    @Override
    public void setMaskArray(INDArray maskArray) {
        this.maskArray = maskArray;
    }

    /** The feature mask stands in for the loss when no label mask is set. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray mask, MaskState state, int minibatchSize) {
        this.featureMask = state == MaskState.Active ? mask : null;
        return null;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, mgr);
        INDArray z = logits(input2d(mgr, ArrayType.FF_WORKING_MEM), training, mgr, ArrayType.ACTIVATIONS);
        SoftmaxCrossEntropy.softmaxInPlace(z);
        return z.reshape('c', input.size(0), input.size(2), z.size(1)).permute(0, 2, 1);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        applyDropOutIfNecessary(true, mgr);
        long mb = input.size(0);
        long nIn = input.size(1);
        long steps = input.size(2);
        Function<long[], INDArray> working =
                shape -> mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, shape, 'c');
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, mgr);
        SoftmaxCrossEntropy all = SoftmaxCrossEntropy.of(labels, lossMask(), mb * steps, w.size(1), layerId(),
                layerConf().getLabelSmoothing());
        int[] real = all.countedRows(); // null: every row counts
        INDArray x = input2d(mgr, ArrayType.BP_WORKING_MEM);
        if (real != null) {
            x = Nd4j.pullRows(x, working.apply(new long[]{real.length, nIn}), 1, real);
        }
        SoftmaxCrossEntropy ce = real == null ? all : all.subset(real);
        INDArray z = logits(x, true, mgr, ArrayType.BP_WORKING_MEM);
        lossOfBackprop = ce.lossAndGradientInPlace(z); // z now holds the logits' gradient
        lossInput = input;
        lossLabels = labels;

        Gradient g = new DefaultGradient();
        INDArray dW = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(x, z, dW, true, false, 1.0, 0.0);
        g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, dW);
        if (hasBias()) {
            INDArray db = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            Rows.sumRowsInto(z, db, working);
            g.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, db);
        }
        INDArray dx = working.apply(new long[]{x.size(0), nIn});
        Nd4j.gemm(z, w, dx, false, true, 1.0, 0.0);
        INDArray eps = real == null ? Rows.fromSequenceMajor(dx, mb, mgr, ArrayType.ACTIVATION_GRAD, dataType)
                : Rows.scatterToSequences(dx, real, mb, steps, mgr.createUninitialized(ArrayType.ACTIVATION_GRAD,
                dataType, new long[]{mb, nIn, steps}, 'c'));
        weightNoiseParams.clear();
        return new Pair<>(g, backpropDropOutIfPresent(eps));
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
        double loss;
        boolean sameLoss = training || layerConf().getLabelSmoothing() == 0; // the backward pass's loss is training's
        if (sameLoss && lossInput != null && lossInput == input && lossLabels == labels) {
            loss = lossOfBackprop;
        } else {
            loss = SoftmaxCrossEntropy.total(freshLoss(training, mgr));
        }
        lossInput = null;
        lossLabels = null;
        double s = conf().isMiniBatch() ? loss / getInputMiniBatchSize() : loss;
        score = s + fullNetRegTerm;
        return score;
    }

    /** Per sequence: the summed masked loss of its steps plus the regularization term, {@code [mb, 1]}. */
    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr mgr) {
        double[] rows = freshLoss(false, mgr);
        int mb = (int) input.size(0);
        int steps = (int) input.size(2);
        double[] perSequence = new double[mb];
        for (int r = 0; r < rows.length; r++) {
            perSequence[r / steps] += rows[r];
        }
        INDArray out;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            out = Nd4j.create(dataType, mb, 1); // small; the graph detaches it after closing our working memory
        }
        for (int i = 0; i < mb; i++) {
            out.putScalar(i, 0, perSequence[i] + fullNetRegTerm);
        }
        return out;
    }

    @Override
    public void computeGradientAndScore(LayerWorkspaceMgr mgr) {
        Pair<Gradient, INDArray> p = backpropGradient(null, mgr);
        gradient = p.getFirst();
        computeScore(0.0, true, mgr);
    }

    @Override
    public void clear() {
        super.clear();
        featureMask = null;
        lossInput = null;
        lossLabels = null;
    }

    /** Logits {@code [mb·T, V]}, rows (sequence, step). */
    @Override
    protected INDArray preOutput2d(boolean training, LayerWorkspaceMgr mgr) {
        return logits(input2d(mgr, ArrayType.FF_WORKING_MEM), training, mgr, ArrayType.ACTIVATIONS);
    }

    /** Labels as a column {@code [mb·T, 1]} in the row order of the logits. */
    @Override
    protected INDArray getLabels2d(LayerWorkspaceMgr mgr, ArrayType arrayType) {
        return labels.dup('c').reshape('c', labels.length(), 1);
    }

    /** Masked loss per row, from logits computed afresh (no backward pass to share them with). */
    private double[] freshLoss(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        if (labels == null) {
            throw new IllegalStateException(layerId() + ": no labels set");
        }
        applyDropOutIfNecessary(training, mgr);
        INDArray z = logits(input2d(mgr, ArrayType.FF_WORKING_MEM), training, mgr, ArrayType.FF_WORKING_MEM);
        return SoftmaxCrossEntropy.of(labels, lossMask(), input.size(0) * input.size(2), z.size(1), layerId(),
                training ? layerConf().getLabelSmoothing() : 0.0).lossPerRowInPlace(z);
    }

    private INDArray lossMask() {
        return maskArray != null ? maskArray : featureMask;
    }

    /** The input {@code [mb, nIn, T]} as rows {@code [mb·T, nIn]}, row {@code b·T + t}. */
    private INDArray input2d(LayerWorkspaceMgr mgr, ArrayType type) {
        if (input.rank() != 3) {
            throw new IllegalStateException(layerId() + " takes [minibatch, features, time] input, got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        return Rows.sequenceMajor(input, mgr, type, dataType);
    }

    private INDArray logits(INDArray x, boolean training, LayerWorkspaceMgr mgr, ArrayType type) {
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, mgr);
        INDArray z = mgr.createUninitialized(type, dataType, new long[]{x.size(0), w.size(1)}, 'c');
        Nd4j.gemm(x, w, z, false, false, 1.0, 0.0);
        if (hasBias()) {
            z.addiRowVector(getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, mgr));
        }
        return z;
    }
}
