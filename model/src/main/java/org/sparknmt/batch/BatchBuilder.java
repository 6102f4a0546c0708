package org.sparknmt.batch;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknmt.vocab.Specials;

/**
 * Turns a list of sentence pairs into one teacher-forcing minibatch for the two-input Seq2Seq ComputationGraph.
 * With {@code mb} pairs, {@code Ts = max(sourceLength + 1)} and {@code Tt = max(targetLength + 1)} over the batch,
 * the result holds, all FLOAT, 'c' order, rows in the order given:
 * <ul>
 *   <li>features[0], encoder input {@code [mb, 1, Ts]}: source ids, EOS, then PAD</li>
 *   <li>features[1], decoder input {@code [mb, 1, Tt]}: BOS, target ids, then PAD</li>
 *   <li>labels[0], index labels {@code [mb, 1, Tt]} for SPARSE_MCXENT: target ids, EOS, then PAD, so the label at
 *       step t is the decoder input at step t + 1</li>
 *   <li>featuresMaskArrays {@code {[mb, Ts], [mb, Tt]}} and labelsMaskArrays {@code {[mb, Tt]}}: 1 on real
 *       positions, 0 on padding; the label mask equals the decoder mask but is a separate array</li>
 * </ul>
 * Ids are rank 3 with a size-1 feature axis (NCW) because DL4J's DuplicateToTimeSeriesVertex needs rank-3 input and
 * index labels are far smaller than one-hot. Each array is filled in a float[] and created once. Stateless.
 */
public final class BatchBuilder implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Builds the minibatch described in the class comment; {@code pairs} must be non-empty. */
    public MultiDataSet build(List<EncodedPair> pairs) {
        checkPairs(pairs);
        int mb = pairs.size();
        int ts = maxSourceSteps(pairs);
        int tt = maxTargetSteps(pairs);

        int sourceSlots = Math.multiplyExact(mb, ts);
        int targetSlots = Math.multiplyExact(mb, tt);

        float[] encoder = filled(sourceSlots, Specials.PAD_ID);
        float[] encoderMask = new float[sourceSlots];
        float[] decoder = filled(targetSlots, Specials.PAD_ID);
        float[] labels = filled(targetSlots, Specials.PAD_ID);
        float[] decoderMask = new float[targetSlots];

        for (int row = 0; row < mb; row++) {
            EncodedPair pair = pairs.get(row);
            int s = row * ts;
            int n = pair.sourceLength();
            for (int i = 0; i < n; i++) {
                encoder[s + i] = pair.sourceId(i);
                encoderMask[s + i] = 1f;
            }
            encoder[s + n] = Specials.EOS_ID;
            encoderMask[s + n] = 1f;

            int t = row * tt;
            int m = pair.targetLength();
            decoder[t] = Specials.BOS_ID;
            for (int i = 0; i < m; i++) {
                float id = pair.targetId(i);
                decoder[t + i + 1] = id;
                labels[t + i] = id;
            }
            labels[t + m] = Specials.EOS_ID;
            for (int i = 0; i <= m; i++) {
                decoderMask[t + i] = 1f;
            }
        }

        long[] sourceShape = {mb, 1, ts};
        long[] targetShape = {mb, 1, tt};
        INDArray[] features = {Nd4j.create(encoder, sourceShape, 'c'), Nd4j.create(decoder, targetShape, 'c')};
        INDArray[] labelArrays = {Nd4j.create(labels, targetShape, 'c')};
        INDArray[] featureMasks = {
            Nd4j.create(encoderMask, new long[] {mb, ts}, 'c'),
            Nd4j.create(decoderMask, new long[] {mb, tt}, 'c')
        };
        INDArray[] labelMasks = {Nd4j.create(decoderMask, new long[] {mb, tt}, 'c')};
        return new MultiDataSet(features, labelArrays, featureMasks, labelMasks);
    }

    /**
     * The token and slot counts {@link #build} would produce for {@code pairs} (one batch), without building arrays.
     */
    public BatchStats stats(List<EncodedPair> pairs) {
        checkPairs(pairs);
        long sourceTokens = 0;
        long targetTokens = 0;
        for (EncodedPair pair : pairs) {
            sourceTokens += pair.sourceSteps();
            targetTokens += pair.targetSteps();
        }
        long mb = pairs.size();
        return new BatchStats(1, mb, sourceTokens, targetTokens,
                mb * maxSourceSteps(pairs), mb * maxTargetSteps(pairs));
    }

    private static void checkPairs(List<EncodedPair> pairs) {
        Objects.requireNonNull(pairs, "pairs");
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one pair");
        }
        for (EncodedPair pair : pairs) {
            Objects.requireNonNull(pair, "pair in batch");
        }
    }

    private static int maxSourceSteps(List<EncodedPair> pairs) {
        int max = 0;
        for (EncodedPair pair : pairs) {
            max = Math.max(max, pair.sourceSteps());
        }
        return max;
    }

    private static int maxTargetSteps(List<EncodedPair> pairs) {
        int max = 0;
        for (EncodedPair pair : pairs) {
            max = Math.max(max, pair.targetSteps());
        }
        return max;
    }

    private static float[] filled(int size, int value) {
        float[] data = new float[size];
        if (value != 0) {
            Arrays.fill(data, value);
        }
        return data;
    }
}
