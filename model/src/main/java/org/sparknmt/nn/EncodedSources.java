package org.sparknmt.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknmt.vocab.Specials;

import java.util.List;

/**
 * Source sentences as network input: ids {@code [n,1,T]} padded with PAD, mask {@code [n,T]}, T = longest + 1
 * (every source ends with EOS, as in the prepared batches).
 */
public record EncodedSources(INDArray ids, INDArray mask, int[] lengths) {

    public static EncodedSources of(List<int[]> sources, org.nd4j.linalg.api.buffer.DataType type) {
        int n = sources.size();
        int t = 1;
        for (int[] s : sources) {
            t = Math.max(t, s.length + 1);
        }
        float[] ids = new float[n * t];
        float[] mask = new float[n * t];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            int[] s = sources.get(i);
            for (int j = 0; j < s.length; j++) {
                ids[i * t + j] = s[j];
                mask[i * t + j] = 1f;
            }
            ids[i * t + s.length] = Specials.EOS_ID;
            mask[i * t + s.length] = 1f;
            lengths[i] = s.length;
        }
        return new EncodedSources(Nd4j.create(ids, new long[]{n, 1, t}, 'c').castTo(type),
                Nd4j.create(mask, new long[]{n, t}, 'c').castTo(type), lengths);
    }

    public int size() {
        return lengths.length;
    }
}
