package org.sparknmt.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.sparknmt.batch.BatchBuilder;
import org.sparknmt.batch.EncodedPair;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark workers in one JVM each build their network from a clone of one configuration and train at the same time.
 * With dropout in a bidirectional encoder that only works if clones share no per-layer state: DL4J's stock
 * Bidirectional shared the wrapped layers (and their dropout masks) between clones.
 */
class ConcurrentClonesTest {
    private static final BatchBuilder BATCHES = new BatchBuilder();

    @Test
    void clonesOwnTheirWrappedLayers() {
        ComputationGraphConfiguration conf = configuration();
        Bidirectional a = encoder(conf);
        Bidirectional b = encoder(conf.clone());
        assertTrue(a instanceof Seq2SeqBidirectional, "the network uses the deep-cloning wrapper");
        assertNotSame(a.getFwd(), b.getFwd());
        assertNotSame(a.getBwd(), b.getBwd());
        assertNotSame(a.getFwd().getIDropout(), b.getFwd().getIDropout());
    }

    @Test
    void twoClonesWithDropoutTrainConcurrentlyOnBatchesOfDifferentLengths() throws Exception {
        ComputationGraphConfiguration conf = configuration();
        List<MultiDataSet> shortBatches = new ArrayList<>();
        List<MultiDataSet> longBatches = new ArrayList<>();
        List<EncodedPair> shortPairs = new ArrayList<>();
        List<EncodedPair> longPairs = new ArrayList<>();
        for (EncodedPair p : ReverseTask.pairs(2000, 7)) {
            (p.source().length <= 6 ? shortPairs : longPairs).add(p);
        }
        for (int i = 0; i < 20; i++) {
            shortBatches.add(BATCHES.build(shortPairs.subList(i * 16, (i + 1) * 16)));
            longBatches.add(BATCHES.build(longPairs.subList(i * 16, (i + 1) * 16)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (List<MultiDataSet> batches : List.of(shortBatches, longBatches)) {
                ComputationGraph graph = new ComputationGraph(conf.clone());
                graph.init();
                runs.add(pool.submit(() -> batches.forEach(graph::fit)));
            }
            for (Future<?> f : runs) {
                assertDoesNotThrow(() -> f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Bidirectional encoder(ComputationGraphConfiguration conf) {
        return (Bidirectional) ((LayerVertex) conf.getVertices().get(Seq2SeqNetwork.encoder(0))).getLayerConf().getLayer();
    }

    private static ComputationGraphConfiguration configuration() {
        ModelConfig c = ModelConfig.defaults().set("embedding=16").set("hidden=32").set("attentionSize=16")
                .set("dropout=0.3").set("bidirectional=true").bind(ModelConfig.class);
        return Seq2SeqNetwork.configuration(c, ReverseTask.VOCAB, ReverseTask.VOCAB);
    }
}
