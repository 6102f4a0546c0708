package org.sparknmt.nn;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknmt.batch.BatchBuilder;
import org.sparknmt.batch.EncodedPair;
import org.sparknmt.vocab.Specials;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole network with our layers on a padded training batch as prep writes it (sources and targets of different
 * lengths): its loss is what incremental decoding scores, sentence by sentence, and its gradients are the loss's
 * (central finite differences, every parameter group). The layer tests check each layer alone; this checks them
 * wired together as training and decoding use them.
 */
class TrainingBatchTest {
    private static final int VOCAB = 30;
    private static final int PAIRS = 6;

    @ParameterizedTest(name = "bidirectional={0}")
    @ValueSource(booleans = {false, true})
    void decodingScoresEachSentenceAsTheTrainingLossDoes(boolean bidirectional) {
        ComputationGraph g = network(bidirectional);
        Batch b = batch();
        INDArray probs = g.output(false, b.data().getFeatures(), b.data().getFeaturesMaskArrays(), null)[0];
        IncrementalScorer scorer = new IncrementalScorer(g, config(bidirectional),
                EncodedSources.of(b.sources(), DataType.DOUBLE));
        double[] teacherForced = new double[PAIRS];
        double[] decoded = new double[PAIRS];
        int[] last = new int[PAIRS];
        Arrays.fill(last, Specials.BOS_ID);
        for (int t = 0; t < probs.size(2); t++) {
            float[] logProbs = scorer.logProbs(last);
            for (int i = 0; i < PAIRS; i++) {
                int[] labels = b.labels().get(i);
                if (t < labels.length) {
                    teacherForced[i] += Math.log(probs.getDouble(i, labels[t], t));
                    decoded[i] += logProbs[i * VOCAB + labels[t]];
                }
                last[i] = t < labels.length ? labels[t] : Specials.EOS_ID;
            }
        }
        for (int i = 0; i < PAIRS; i++) {
            assertEquals(teacherForced[i], decoded[i], 1e-4, "sentence " + i);
        }
        double loss = -Arrays.stream(teacherForced).sum() / PAIRS; // DL4J's score: summed loss per sequence
        assertEquals(loss, g.score(b.data(), false), 1e-9, "the graph's score is that loss");
    }

    @ParameterizedTest(name = "bidirectional={0}")
    @ValueSource(booleans = {false, true})
    void gradientsAreTheLossGradients(boolean bidirectional) { // DL4J's stock attention fails this: twice the gradient
        ComputationGraph g = network(bidirectional);
        MultiDataSet d = batch().data();
        g.setInputs(d.getFeatures());
        g.setLabels(d.getLabels());
        g.setLayerMaskArrays(d.getFeaturesMaskArrays(), d.getLabelsMaskArrays());
        g.computeGradientAndScore();
        Map<String, INDArray> params = new TreeMap<>(g.paramTable());
        g.getVertex(Seq2SeqNetwork.ATTENTION).paramTable(false)
                .forEach((k, v) -> params.put(Seq2SeqNetwork.ATTENTION + "_" + k, v)); // not in the graph's table
        for (var e : params.entrySet()) {
            INDArray param = e.getValue();
            INDArray gradient = g.gradient().getGradientFor(e.getKey()).dup(param.ordering());
            for (int k = 0; k < 3; k++) {
                long i = (k * 7919L + 13) % param.length();
                double original = param.getDouble(i);
                double h = 1e-6;
                param.putScalar(i, original + h);
                double up = g.score(d, true);
                param.putScalar(i, original - h);
                double down = g.score(d, true);
                param.putScalar(i, original);
                double numeric = (up - down) / (2 * h) * PAIRS; // the score divides by the sequences, gradients do not
                double tolerance = 1e-6 + 1e-5 * Math.abs(numeric);
                assertEquals(numeric, gradient.getDouble(i), tolerance, e.getKey() + "[" + i + "]");
            }
        }
    }

    private static ModelConfig config(boolean bidirectional) {
        return ModelConfig.defaults().set("embedding=8").set("hidden=12").set("attentionSize=10")
                .set("bidirectional=" + bidirectional).set("dataType=double").set("seed=5").bind(ModelConfig.class);
    }

    /** Parameters drawn in [-0.5, 0.5): a network far from uniform outputs, whose gradients are not tiny. */
    private static ComputationGraph network(boolean bidirectional) {
        ComputationGraph g = Seq2SeqNetwork.build(config(bidirectional), VOCAB, VOCAB);
        Nd4j.getRandom().setSeed(11);
        g.setParams(Nd4j.rand(DataType.DOUBLE, g.params().shape()).subi(0.5));
        return g;
    }

    private record Batch(MultiDataSet data, List<int[]> sources, List<int[]> labels) {
    }

    /** Pairs of different source and target lengths, as prep's BatchBuilder pads them, in double precision. */
    private static Batch batch() {
        Random r = new Random(7);
        List<EncodedPair> pairs = new ArrayList<>();
        List<int[]> sources = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            int[] s = ids(r, 2 + r.nextInt(6));
            int[] t = ids(r, 1 + r.nextInt(7));
            pairs.add(new EncodedPair(i, s, t));
            sources.add(s);
            int[] withEos = Arrays.copyOf(t, t.length + 1);
            withEos[t.length] = Specials.EOS_ID;
            labels.add(withEos);
        }
        MultiDataSet m = new BatchBuilder().build(pairs);
        return new Batch(new MultiDataSet(doubles(m.getFeatures()), doubles(m.getLabels()),
                doubles(m.getFeaturesMaskArrays()), doubles(m.getLabelsMaskArrays())), sources, labels);
    }

    private static int[] ids(Random r, int n) {
        int[] ids = new int[n];
        for (int j = 0; j < n; j++) {
            ids[j] = 4 + r.nextInt(VOCAB - 4);
        }
        return ids;
    }

    private static INDArray[] doubles(INDArray[] a) {
        INDArray[] out = new INDArray[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].castTo(DataType.DOUBLE);
        }
        return out;
    }
}
