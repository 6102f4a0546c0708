package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparknmt.batch.BatchBuilder;
import org.sparknmt.vocab.Specials;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A decoding copy scores exactly as the trained network does, shares nothing with it, and carries no Adam state. */
class DecodingCopiesTest {

    @Test
    void aCopyDecodesLikeTheOriginalWithoutItsOptimizerState() {
        ModelConfig config = ModelConfig.defaults().set("embedding=16").set("hidden=24").set("attentionSize=20")
                .bind(ModelConfig.class);
        ComputationGraph trained = Seq2SeqNetwork.build(config, 30, 30);
        MultiDataSet batch = new BatchBuilder().build(ReverseTask.pairs(16, 3).subList(0, 16));
        trained.fit(batch); // now it has Adam state
        assertNotNull(trained.getUpdater(false).getStateViewArray(), "the trained network has optimizer state");

        ComputationGraph copy = DecodingCopies.of(trained);
        assertNull(copy.getUpdater(false), "no updater, so no optimizer state, in the copy");
        assertEquals(trained.params(), copy.params());

        List<int[]> sources = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sources.add(new int[]{4 + i, 5 + i, 6 + 2 * i});
        }
        EncodedSources enc = EncodedSources.of(sources, config.dataType().nd4j());
        int[] bos = new int[sources.size()];
        java.util.Arrays.fill(bos, Specials.BOS_ID);
        assertArrayEquals(new IncrementalScorer(trained, config, enc).logProbs(bos),
                new IncrementalScorer(copy, config, enc).logProbs(bos));

        trained.params().addi(1.0);
        assertEquals(false, trained.params().equals(copy.params()), "the copy does not follow the original");
    }
}
