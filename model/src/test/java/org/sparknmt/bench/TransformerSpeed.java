package org.sparknmt.bench;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknmt.decode.BeamSearchDecoder;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.decode.StepScorer;
import org.sparknmt.nn.EncodedSources;
import org.sparknmt.nn.IncrementalScorer;
import org.sparknmt.nn.ModelConfig;
import org.sparknmt.nn.Seq2SeqNetwork;
import org.sparknmt.vocab.Specials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Our Transformer's training step and decoding speed, the Java half of {@code bench/transformer-speed} (the peer's
 * half is {@code bench/torch_transformer_speed.py}; the script runs both back to back and prints the ratios). The
 * model is the PyTorch Transformer peer's: d 256, 3 + 3 pre-norm layers, 4 heads, feed-forward 1024, dropout 0.1,
 * label smoothing 0.1, FLOAT, Adam; the batch is {@code --batch} random pairs whose source and target both have
 * {@code --len} time steps (no padding). Greedy: {@code --decode-batch} sources of {@code --len} steps decoded for
 * exactly {@code --max-decode} steps with argmax feeding (no early stop, as the peer's fixed loop); beam 5: the
 * beam decoder with a maximum length of {@code --max-decode}. Not a test: one JSON line per measurement.
 */
public final class TransformerSpeed {
    private TransformerSpeed() {
    }

    public static void main(String[] args) throws IOException {
        int batch = 64, len = 17, vocab = 8000, steps = 20, warmup = 3, decodeBatch = 64, maxDecode = 30;
        int beamSentences = 16;
        String json = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int v = args[i].equals("--json") ? 0 : Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--batch" -> batch = v;
                case "--len" -> len = v;
                case "--vocab" -> vocab = v;
                case "--steps" -> steps = v;
                case "--warmup" -> warmup = v;
                case "--decode-batch" -> decodeBatch = v;
                case "--max-decode" -> maxDecode = v;
                case "--beam-sentences" -> beamSentences = v;
                case "--json" -> json = args[i + 1];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        ModelConfig config = ModelConfig.defaults().set("architecture=transformer").set("embedding=256")
                .set("hidden=256").set("layers=3").set("heads=4").set("feedForward=1024").set("dropout=0.1")
                .set("labelSmoothing=0.1").set("clipNorm=1.0").set("schedule=inverseSqrt").set("warmupSteps=400")
                .set("learningRate=0.0007").set("adamBeta2=0.98").bind(ModelConfig.class);
        ComputationGraph graph = Seq2SeqNetwork.build(config, vocab, vocab);
        Random random = new Random(1);
        MultiDataSet data = new MultiDataSet(new INDArray[]{ids(random, batch, len, vocab), ids(random, batch, len, vocab)},
                new INDArray[]{ids(random, batch, len, vocab)},
                new INDArray[]{Nd4j.ones(DataType.FLOAT, batch, len), Nd4j.ones(DataType.FLOAT, batch, len)},
                new INDArray[]{Nd4j.ones(DataType.FLOAT, batch, len)});
        for (int i = 0; i < warmup; i++) {
            graph.fit(data);
        }
        double[] times = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            graph.fit(data);
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        double step = median(times);
        emit(json, String.format(Locale.ROOT, "{\"impl\":\"ours\",\"what\":\"train\",\"batch\":%d,\"len\":%d,"
                + "\"step_s\":%.4f,\"target_tok_s\":%.1f}", batch, len, step, batch * len / step));

        List<int[]> sources = new ArrayList<>();
        for (int s = 0; s < decodeBatch; s++) {
            int[] src = new int[len - 1]; // + EOS = len steps
            for (int j = 0; j < src.length; j++) {
                src[j] = Specials.ALL.size() + random.nextInt(vocab - Specials.ALL.size());
            }
            sources.add(src);
        }
        IncrementalScorer.Weights weights = IncrementalScorer.prepare(graph, config);
        double[] greedy = new double[5];
        for (int round = 0; round < greedy.length + 1; round++) {
            long t0 = System.nanoTime();
            StepScorer scorer = IncrementalScorer.of(weights, graph, config, EncodedSources.of(sources, DataType.FLOAT), null);
            int[] last = new int[decodeBatch];
            Arrays.fill(last, Specials.BOS_ID);
            for (int t = 0; t < maxDecode; t++) {
                float[] lp = scorer.logProbs(last);
                for (int r = 0; r < decodeBatch; r++) {
                    last[r] = argmax(lp, r * vocab, vocab);
                }
            }
            if (round > 0) {
                greedy[round - 1] = (System.nanoTime() - t0) / 1e9;
            }
        }
        emit(json, String.format(Locale.ROOT, "{\"impl\":\"ours\",\"what\":\"greedy\",\"sentences\":%d,\"steps\":%d,"
                + "\"sent_s\":%.1f}", decodeBatch, maxDecode, decodeBatch / median(greedy)));

        List<int[]> few = sources.subList(0, Math.min(beamSentences, sources.size()));
        DecodeOptions beam = DecodeOptions.beam(5).withMaxLength(1e-9, maxDecode);
        int[] lengths = few.stream().mapToInt(s -> s.length).toArray();
        double[] beams = new double[3];
        for (int round = 0; round < beams.length + 1; round++) {
            long t0 = System.nanoTime();
            new BeamSearchDecoder().decode(IncrementalScorer.of(weights, graph, config,
                    EncodedSources.of(few, DataType.FLOAT), null), lengths, beam);
            if (round > 0) {
                beams[round - 1] = (System.nanoTime() - t0) / 1e9;
            }
        }
        emit(json, String.format(Locale.ROOT, "{\"impl\":\"ours\",\"what\":\"beam5\",\"sentences\":%d,\"max_steps\":%d,"
                + "\"sent_s\":%.2f}", few.size(), maxDecode, few.size() / median(beams)));
    }

    private static INDArray ids(Random random, int batch, int len, int vocab) {
        float[] v = new float[batch * len];
        for (int i = 0; i < v.length; i++) {
            v[i] = Specials.ALL.size() + random.nextInt(vocab - Specials.ALL.size());
        }
        return Nd4j.create(v, new long[]{batch, 1, len}, 'c');
    }

    private static int argmax(float[] a, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (a[from + j] > a[from + best]) {
                best = j;
            }
        }
        return best;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void emit(String json, String line) throws IOException {
        System.out.println(line);
        if (json != null) {
            Files.writeString(Path.of(json), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
