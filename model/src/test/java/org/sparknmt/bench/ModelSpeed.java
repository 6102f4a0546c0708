package org.sparknmt.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.sparknmt.batch.BatchBuilder;
import org.sparknmt.batch.EncodedPair;
import org.sparknmt.decode.BeamSearchDecoder;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.decode.GreedyDecoder;
import org.sparknmt.decode.Hypothesis;
import org.sparknmt.decode.StepScorer;
import org.sparknmt.nn.EncodedSources;
import org.sparknmt.nn.FullPrefixScorer;
import org.sparknmt.nn.IncrementalScorer;
import org.sparknmt.nn.LegacyIncrementalScorer;
import org.sparknmt.nn.ModelConfig;
import org.sparknmt.nn.Seq2SeqNetwork;
import org.sparknmt.vocab.Specials;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Speed benchmark HARNESS (not a test: nothing is asserted) for the Seq2Seq network, on the same spec as the PyTorch
 * peer {@code ../shared/peers/torch_seq2seq_bench.py}: vocab 8000/8000, embedding 256, 1-layer LSTM 512 encoder and
 * decoder, FLOAT, Adam 1e-3, batch 64, source/target true lengths uniform in [min-len, len] (seeded), padded to the
 * batch maximum. Run through {@code bench/model-speed}, which also runs the peer and prints the side-by-side ratios.
 *
 * <p>Lengths: a "length" here counts time steps, like the peer's padded length: a source of L steps is L-1 random ids
 * plus EOS, a target of L steps is BOS + L-1 ids as decoder input and L-1 ids + EOS as labels. So with len 30 both
 * sides pad to 30 steps, exactly the peer's {@code [B,30]} tensors, and real target tokens = unmasked label positions
 * (the peer's non-pad labels).
 *
 * <p>Measurements (one JSON object each, appended to {@code --json}):
 * <ul>
 *   <li>{@code train}: {@code graph.fit(mds)} on one fixed batch, each of {@code --steps} steps timed after
 *       {@code --warmup}; median s/step, real and padded (batch × Tt) target tokens/s.</li>
 *   <li>{@code greedy}: {@link GreedyDecoder} + {@link IncrementalScorer} over {@code --decode-batch} random sources
 *       with a max length of exactly {@code --max-decode} steps (encoder included, as in the peer); reports how many
 *       steps actually ran (an untrained model may emit EOS early and the decoder then drops rows).</li>
 *   <li>{@code fixed-incremental}: the peer's loop: {@link IncrementalScorer#logProbs} for exactly
 *       {@code --max-decode} steps with argmax feeding, no early stop (apples-to-apples with the peer).</li>
 *   <li>{@code fixed-incremental-small} and {@code fixed-full-prefix}: the same loop on {@code --full-batch} sources
 *       × {@code --full-steps} steps with both scorers (the full-prefix one is fed the incremental one's tokens, and
 *       the largest log-probability difference is reported as a sanity check); ratio full-prefix / incremental time.</li>
 * </ul>
 */
public final class ModelSpeed {

    static final String MODEL_NOTE = "DL4J model differs from the peer: in BOTH variants the encoder's last state is"
            + " concatenated to every decoder input (decoder LSTM nIn = emb + H = 768; the peer's variant B has nIn = emb"
            + " = 256 and no such concat); variant B's attention (AttentionVertex semantics) has an output projection Wo"
            + " [A,A] (the peer has Q/K/V only); the stock (dl4j) layers run over the padded batch with masks, ours"
            + " (fused) skip padding in the LSTMs and the output layer (the peer packs its encoder only); embeddings"
            + " have no bias in either. Train uses sparse cross-entropy on index labels.";

    private ModelSpeed() {
    }

    /** The command line. */
    static final class Options {
        String variant = "B";
        String implementation = "fused";
        int batch = 64;
        int srcLen = 30;
        int tgtLen = 30;
        int minLen = 10;
        int vocab = 8000;
        int emb = 256;
        int hidden = 512;
        int attnSize = 512;
        double lr = 1e-3;
        double clipNorm = 0.0;
        int warmup = 3;
        int steps = 20;
        int decodeBatch = 64;
        int maxDecode = 30;
        int decodeWarmup = 2;
        int decodeIters = 10;
        int fullBatch = 16;
        int fullSteps = 30;
        int fullIters = 3;
        String mode = "all";
        long seed = 1234;
        int shortlist;
        String json;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("-h") || flag.equals("--help")) {
                    System.out.println(usage());
                    System.exit(0);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("flag " + flag + " needs a value\n" + usage());
                }
                String v = args[++i];
                switch (flag) {
                    case "--variant" -> o.variant = v.toUpperCase(Locale.ROOT);
                    case "--implementation" -> o.implementation = v;
                    case "--batch" -> o.batch = Integer.parseInt(v);
                    case "--src-len" -> o.srcLen = Integer.parseInt(v);
                    case "--tgt-len" -> o.tgtLen = Integer.parseInt(v);
                    case "--min-len" -> o.minLen = Integer.parseInt(v);
                    case "--vocab" -> o.vocab = Integer.parseInt(v);
                    case "--emb" -> o.emb = Integer.parseInt(v);
                    case "--hidden" -> o.hidden = Integer.parseInt(v);
                    case "--attn-size" -> o.attnSize = Integer.parseInt(v);
                    case "--lr" -> o.lr = Double.parseDouble(v);
                    case "--clip-norm" -> o.clipNorm = Double.parseDouble(v);
                    case "--warmup" -> o.warmup = Integer.parseInt(v);
                    case "--steps" -> o.steps = Integer.parseInt(v);
                    case "--decode-batch" -> o.decodeBatch = Integer.parseInt(v);
                    case "--max-decode" -> o.maxDecode = Integer.parseInt(v);
                    case "--decode-warmup" -> o.decodeWarmup = Integer.parseInt(v);
                    case "--decode-iters" -> o.decodeIters = Integer.parseInt(v);
                    case "--full-batch" -> o.fullBatch = Integer.parseInt(v);
                    case "--full-steps" -> o.fullSteps = Integer.parseInt(v);
                    case "--full-iters" -> o.fullIters = Integer.parseInt(v);
                    case "--mode" -> o.mode = v;
                    case "--seed" -> o.seed = Long.parseLong(v);
                    case "--shortlist" -> o.shortlist = Integer.parseInt(v);
                    case "--json" -> o.json = v;
                    default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + usage());
                }
            }
            if (!o.variant.equals("A") && !o.variant.equals("B")) {
                throw new IllegalArgumentException("--variant must be A or B, got " + o.variant);
            }
            if (!List.of("train", "decode", "all").contains(o.mode)) {
                throw new IllegalArgumentException("--mode must be train, decode or all, got " + o.mode);
            }
            if (o.minLen < 2 || o.minLen > o.srcLen || o.minLen > o.tgtLen) {
                throw new IllegalArgumentException("need 2 <= --min-len <= --src-len, --tgt-len (a length counts EOS)");
            }
            if (o.shortlist < 0 || o.shortlist > o.vocab) {
                throw new IllegalArgumentException("--shortlist must be between 0 (off) and --vocab, got " + o.shortlist);
            }
            if (o.vocab <= Specials.ALL.size() + 1) {
                throw new IllegalArgumentException("--vocab must leave room for ordinary ids above the specials");
            }
            if (o.steps < 1 || o.decodeIters < 1 || o.fullIters < 1 || o.maxDecode < 1 || o.fullSteps < 1
                    || o.batch < 1 || o.decodeBatch < 1 || o.fullBatch < 1 || o.warmup < 0 || o.decodeWarmup < 0) {
                throw new IllegalArgumentException("counts must be >= 1 (warm-ups >= 0)");
            }
            return o;
        }

        static String usage() {
            return """
                    ModelSpeed: DL4J Seq2Seq speed harness (same spec as ../shared/peers/torch_seq2seq_bench.py)
                      --variant A|B        A: no attention, B: attention (attentionSize --attn-size)     [B]
                      --implementation fused|dl4j  whose layers: ours or DL4J's stock (model.implementation) [fused]
                      --mode train|decode|all                                                        [all]
                      --batch 64 --src-len 30 --tgt-len 30 --min-len 10   lengths count steps incl. EOS/BOS
                      --vocab 8000 --emb 256 --hidden 512 --attn-size 512 --lr 0.001 --clip-norm 0 (peer: none)
                      --warmup 3 --steps 20                                    timed graph.fit steps
                      --decode-batch 64 --max-decode 30 --decode-warmup 2 --decode-iters 10
                      --full-batch 16 --full-steps 30 --full-iters 3           full-prefix vs incremental
                      --shortlist N        also time the fixed-step loop over N candidate target ids   [0: off]
                      --seed 1234 --json FILE                                  append one JSON line per measurement
                    """;
        }
    }

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ModelConfig config = config(o);
        String loadStart = loadavg();
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("harness", "dl4j");
        common.put("variant", o.variant);
        common.put("implementation", o.implementation);
        common.put("dl4j", dl4jVersion());
        common.put("java", System.getProperty("java.version"));
        common.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        common.put("omp_wait_policy", System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"));
        common.put("vocab", o.vocab);
        common.put("emb", o.emb);
        common.put("hidden", o.hidden);
        common.put("attention", config.attention());
        common.put("attn_size", config.attention() ? config.attentionSize() : null);
        common.put("clip_norm", config.clipNorm());
        common.put("lr", config.learningRate());
        common.put("dtype", config.dataType().name());
        common.put("seed", o.seed);
        common.put("model_note", MODEL_NOTE);

        System.out.printf(Locale.ROOT, "ModelSpeed variant %s | DL4J %s | java %s | OMP_NUM_THREADS=%s OMP_WAIT_POLICY=%s"
                        + " | loadavg at start %s%n", o.variant, common.get("dl4j"), common.get("java"),
                common.get("omp_num_threads"), common.get("omp_wait_policy"), loadStart);
        System.out.println("note: " + MODEL_NOTE);

        List<Map<String, Object>> results = new ArrayList<>();
        if (!o.mode.equals("decode")) {
            results.add(train(o, config));
        }
        if (!o.mode.equals("train")) {
            results.addAll(decode(o, config));
        }
        String loadEnd = loadavg();
        long rss = peakRssMib();
        for (Map<String, Object> r : results) {
            Map<String, Object> full = new LinkedHashMap<>(common);
            full.putAll(r);
            full.put("rss_peak_mib", rss);
            full.put("loadavg_start", loadStart);
            full.put("loadavg_end", loadEnd);
            full.put("time", Instant.now().toString());
            r.clear();
            r.putAll(full);
        }
        printTable(o, results, loadStart, loadEnd, rss);
        if (o.json != null) {
            ObjectMapper mapper = new ObjectMapper();
            try (Writer w = Files.newBufferedWriter(Path.of(o.json), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (Map<String, Object> r : results) {
                    w.write(mapper.writeValueAsString(r));
                    w.write('\n');
                }
            }
            System.out.println("appended " + results.size() + " JSON lines to " + o.json);
        }
        System.exit(0); // ND4J leaves non-daemon threads behind
    }

    static ModelConfig config(Options o) {
        return ModelConfig.defaults()
                .set("embedding", Integer.toString(o.emb))
                .set("hidden", Integer.toString(o.hidden))
                .set("layers", "1")
                .set("bidirectional", "false")
                .set("dropout", "0.0")
                .set("attention", Boolean.toString(o.variant.equals("B")))
                .set("attentionSize", Integer.toString(o.attnSize))
                .set("clipNorm", Double.toString(o.clipNorm))
                .set("learningRate", Double.toString(o.lr))
                .set("warmupSteps", "0")
                .set("decayRate", "1.0")
                .set("seed", Long.toString(o.seed))
                .set("dataType", "float")
                .set("implementation", o.implementation)
                .set("labelSmoothing", "0") // the peer trains on plain cross-entropy
                .bind(ModelConfig.class);
    }

    // ---------------------------------------------------------------- train

    static Map<String, Object> train(Options o, ModelConfig config) {
        Random random = new Random(o.seed + 1);
        List<EncodedPair> pairs = new ArrayList<>(o.batch);
        for (int i = 0; i < o.batch; i++) {
            int[] source = ids(random, steps(random, o.minLen, o.srcLen) - 1, o.vocab);
            int[] target = ids(random, steps(random, o.minLen, o.tgtLen) - 1, o.vocab);
            pairs.add(new EncodedPair(i, source, target));
        }
        MultiDataSet mds = new BatchBuilder().build(pairs);
        long ts = mds.getFeatures(0).size(2);
        long tt = mds.getFeatures(1).size(2);
        long realTarget = Math.round(mds.getLabelsMaskArray(0).sumNumber().doubleValue());
        long realSource = Math.round(mds.getFeaturesMaskArray(0).sumNumber().doubleValue());
        long padded = o.batch * tt;

        ComputationGraph graph = Seq2SeqNetwork.build(config, o.vocab, o.vocab);
        System.out.printf(Locale.ROOT, "[%s] params=%,d | train batch %d: Ts=%d (%d real src steps), Tt=%d (%d real"
                        + " tgt tokens, %d padded) | warm-up %d, timed %d%n", o.variant, graph.numParams(), o.batch,
                ts, realSource, tt, realTarget, padded, o.warmup, o.steps);
        for (int i = 0; i < o.warmup; i++) {
            long t0 = System.nanoTime();
            graph.fit(mds);
            System.out.printf(Locale.ROOT, "  warm-up %d: %.3f s, loss %.4f%n", i + 1, (System.nanoTime() - t0) / 1e9,
                    graph.score());
        }
        double[] times = new double[o.steps];
        double[] cpus = new double[o.steps];
        double[] losses = new double[o.steps];
        long cpuStart = processCpuNanos();
        for (int i = 0; i < o.steps; i++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            graph.fit(mds);
            times[i] = (System.nanoTime() - t0) / 1e9;
            cpus[i] = (processCpuNanos() - c0) / 1e9;
            losses[i] = graph.score();
        }
        double cpuPerStep = (processCpuNanos() - cpuStart) / 1e9 / o.steps;
        double med = median(times);
        System.out.printf(Locale.ROOT, "  timed steps (s): %s | loss per token %.4f -> %.4f%n", round(times, 3),
                losses[0] * o.batch / realTarget, losses[o.steps - 1] * o.batch / realTarget);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("measure", "train");
        r.put("params", graph.numParams());
        r.put("batch", o.batch);
        r.put("src_len", o.srcLen);
        r.put("tgt_len", o.tgtLen);
        r.put("min_len", o.minLen);
        r.put("src_padded_steps", ts);
        r.put("tgt_padded_steps", tt);
        r.put("warmup", o.warmup);
        r.put("steps", o.steps);
        r.put("step_s_median", med);
        r.put("step_s_mean", Arrays.stream(times).average().orElse(Double.NaN));
        r.put("step_s_min", Arrays.stream(times).min().orElse(Double.NaN));
        r.put("step_s_max", Arrays.stream(times).max().orElse(Double.NaN));
        r.put("process_cpu_s_per_step", cpuPerStep);
        r.put("step_s_all", round(times, 4));
        r.put("step_cpu_s_all", round(cpus, 4));
        r.put("real_src_steps_per_step", realSource);
        r.put("real_tgt_tokens_per_step", realTarget);
        r.put("padded_tgt_tokens_per_step", padded);
        r.put("real_tgt_tok_per_s", realTarget / med);
        r.put("padded_tgt_tok_per_s", padded / med);
        r.put("loss_first_timed", losses[0]);
        r.put("loss_last_timed", losses[o.steps - 1]);
        // DL4J's score sums the loss over time steps and averages over the minibatch; the peer's is per token.
        r.put("loss_per_token_first_timed", losses[0] * o.batch / realTarget);
        r.put("loss_per_token_last_timed", losses[o.steps - 1] * o.batch / realTarget);
        return r;
    }

    // ---------------------------------------------------------------- decode

    static List<Map<String, Object>> decode(Options o, ModelConfig config) {
        List<Map<String, Object>> out = new ArrayList<>();
        // Fresh, untrained weights (as the peer), so decoding is independent of the training steps above.
        ComputationGraph graph = Seq2SeqNetwork.build(config, o.vocab, o.vocab);
        Random random = new Random(o.seed + 2);
        List<int[]> sources = new ArrayList<>(o.decodeBatch);
        for (int i = 0; i < o.decodeBatch; i++) {
            sources.add(ids(random, steps(random, o.minLen, o.srcLen) - 1, o.vocab));
        }
        EncodedSources encoded = EncodedSources.of(sources, DataType.FLOAT);
        int[] lengths = encoded.lengths();
        // Prepared once per network, as Translator does (not timed: a translator pays it once, not per batch).
        IncrementalScorer.Weights weights = IncrementalScorer.prepare(graph, config);

        // 1. GreedyDecoder + IncrementalScorer, max length = exactly maxDecode steps for every source.
        DecodeOptions options = DecodeOptions.greedy().withMaxLength(Double.MIN_VALUE, o.maxDecode);
        for (int len : lengths) {
            if (options.maxLength(len) != o.maxDecode) {
                throw new IllegalStateException("max length " + options.maxLength(len) + " != " + o.maxDecode);
            }
        }
        AtomicReference<CountingScorer> last = new AtomicReference<>();
        AtomicReference<List<List<Hypothesis>>> lastResult = new AtomicReference<>();
        double[] greedyTimes = timeRuns(o.decodeWarmup, o.decodeIters, () -> {
            CountingScorer scorer = new CountingScorer(new IncrementalScorer(weights, graph, config, encoded));
            lastResult.set(new GreedyDecoder().decode(scorer, lengths, options));
            last.set(scorer);
            return null;
        });
        int finished = 0;
        long emitted = 0;
        for (List<Hypothesis> nBest : lastResult.get()) {
            Hypothesis h = nBest.get(0);
            finished += h.finished() ? 1 : 0;
            emitted += h.tokens().length + (h.finished() ? 1 : 0);
        }
        double greedyMed = median(greedyTimes);
        Map<String, Object> g = decodeResult("greedy", "GreedyDecoder + IncrementalScorer (maxLength = max-decode)",
                o.decodeBatch, o.maxDecode, greedyTimes, o);
        g.put("steps_run", last.get().calls);
        g.put("row_steps_run", last.get().rowSteps);
        g.put("row_steps_fixed", (long) o.decodeBatch * o.maxDecode);
        g.put("sentences_stopped_by_eos", finished);
        g.put("tokens_emitted_incl_eos", emitted);
        g.put("decode_tok_per_s", emitted / greedyMed);
        out.add(g);
        System.out.printf(Locale.ROOT, "[%s] greedy: %d steps ran (of max %d), %d of %d row-steps, %d sentences"
                        + " stopped by EOS | median %.3f s/batch%n", o.variant, last.get().calls, o.maxDecode,
                last.get().rowSteps, (long) o.decodeBatch * o.maxDecode, finished, greedyMed);

        // 1b. BeamSearchDecoder, beam 5, the same max length (bench/torch-beam.py is the peer's side).
        DecodeOptions beamOptions = DecodeOptions.of(5, 1).withMaxLength(Double.MIN_VALUE, o.maxDecode);
        double[] beamTimes = timeRuns(1, Math.max(1, o.decodeIters / 2), () -> {
            new BeamSearchDecoder().decode(new IncrementalScorer(weights, graph, config, encoded), lengths, beamOptions);
            return null;
        });
        out.add(decodeResult("beam", "BeamSearchDecoder beam 5 + IncrementalScorer (maxLength = max-decode)",
                o.decodeBatch, o.maxDecode, beamTimes, o));
        System.out.printf(Locale.ROOT, "[%s] beam 5: median %.3f s/batch%n", o.variant, median(beamTimes));

        // 2. The peer's loop: exactly maxDecode steps, argmax feeding, no early stop, encoder included.
        double[] fixedTimes = timeRuns(o.decodeWarmup, o.decodeIters, () -> {
            fixedLoop(new IncrementalScorer(weights, graph, config, encoded), o.decodeBatch, o.maxDecode, null, null);
            return null;
        });
        out.add(decodeResult("fixed-incremental", "IncrementalScorer.logProbs x max-decode steps, argmax feeding",
                o.decodeBatch, o.maxDecode, fixedTimes, o));
        System.out.printf(Locale.ROOT, "[%s] fixed-step incremental %d x %d: median %.3f s/batch%n", o.variant,
                o.decodeBatch, o.maxDecode, median(fixedTimes));
        out.add(legacyComparison(graph, weights, config, encoded, fixedTimes, o));
        if (o.shortlist > 0) {
            out.add(shortlisted(graph, weights, config, encoded, fixedTimes, o));
        }

        // 3. Incremental vs full-prefix on a smaller batch (the full-prefix scorer is quadratic in the steps).
        int n = Math.min(o.fullBatch, o.decodeBatch);
        EncodedSources small = EncodedSources.of(sources.subList(0, n), DataType.FLOAT);
        int[][] tokens = new int[o.fullSteps][];
        float[][] incLogProbs = new float[o.fullSteps][];
        double[] smallInc = timeRuns(1, o.fullIters, () -> {
            fixedLoop(new IncrementalScorer(weights, graph, config, small), n, o.fullSteps, tokens, incLogProbs);
            return null;
        });
        double[] maxDiff = {0};
        double[] full = timeRuns(1, o.fullIters, () -> {
            FullPrefixScorer scorer = new FullPrefixScorer(graph, small, o.vocab);
            int[] feed = filled(n, Specials.BOS_ID);
            for (int s = 0; s < o.fullSteps; s++) {
                float[] lp = scorer.logProbs(feed);
                maxDiff[0] = Math.max(maxDiff[0], maxAbsDiff(lp, incLogProbs[s]));
                feed = tokens[s];
            }
            return null;
        });
        double incMed = median(smallInc);
        double fullMed = median(full);
        Map<String, Object> si = decodeResult("fixed-incremental-small", "IncrementalScorer, full-prefix settings",
                n, o.fullSteps, smallInc, o);
        out.add(si);
        Map<String, Object> fp = decodeResult("fixed-full-prefix",
                "FullPrefixScorer (whole graph on the whole prefix every step), fed the incremental tokens",
                n, o.fullSteps, full, o);
        fp.put("incremental_s_median_same_settings", incMed);
        fp.put("full_prefix_over_incremental_time", fullMed / incMed);
        fp.put("max_abs_logprob_diff_vs_incremental", maxDiff[0]);
        out.add(fp);
        System.out.printf(Locale.ROOT, "[%s] %d x %d steps: incremental %.3f s, full-prefix %.3f s -> incremental is"
                        + " %.1fx faster | max |dlogp| %.2e%n", o.variant, n, o.fullSteps, incMed, fullMed,
                fullMed / incMed, maxDiff[0]);
        return out;
    }

    /**
     * The same loop on the step as it was before the fused step ({@link LegacyIncrementalScorer}), in this process:
     * the before/after time ratio, and how far apart their log-probabilities and fed tokens are.
     */
    static Map<String, Object> legacyComparison(ComputationGraph graph, IncrementalScorer.Weights weights,
                                                ModelConfig config, EncodedSources encoded, double[] fixedTimes,
                                                Options o) {
        double[] legacyTimes = timeRuns(o.decodeWarmup, o.decodeIters, () -> {
            fixedLoop(new LegacyIncrementalScorer(graph, config, encoded), o.decodeBatch, o.maxDecode, null, null);
            return null;
        });
        int[][] newTokens = new int[o.maxDecode][];
        float[][] newLogProbs = new float[o.maxDecode][];
        int[][] oldTokens = new int[o.maxDecode][];
        float[][] oldLogProbs = new float[o.maxDecode][];
        fixedLoop(new IncrementalScorer(weights, graph, config, encoded), o.decodeBatch, o.maxDecode, newTokens, newLogProbs);
        fixedLoop(new LegacyIncrementalScorer(graph, config, encoded), o.decodeBatch, o.maxDecode, oldTokens, oldLogProbs);
        double diff = 0;
        long same = 0;
        for (int s = 0; s < o.maxDecode; s++) {
            diff = Math.max(diff, maxAbsDiff(newLogProbs[s], oldLogProbs[s]));
            for (int r = 0; r < o.decodeBatch; r++) {
                same += newTokens[s][r] == oldTokens[s][r] ? 1 : 0;
            }
        }
        Map<String, Object> legacy = decodeResult("fixed-legacy", "the step before the fused one (LegacyIncrementalScorer)",
                o.decodeBatch, o.maxDecode, legacyTimes, o);
        legacy.put("legacy_over_incremental_time", median(legacyTimes) / median(fixedTimes));
        legacy.put("max_abs_logprob_diff_vs_incremental", diff);
        legacy.put("same_fed_tokens", same);
        System.out.printf(Locale.ROOT, "[%s] before the fused step: median %.3f s/batch -> the fused step is %.2fx faster"
                        + " | max |dlogp| %.2e, same argmax %d of %d (SIMD kernels: %s)%n", o.variant, median(legacyTimes),
                median(legacyTimes) / median(fixedTimes), diff, same, (long) o.decodeBatch * o.maxDecode,
                org.sparknmt.nn.kernels.FloatKernels.simd());
        return legacy;
    }

    /**
     * The fixed-step loop over a vocabulary shortlist of {@code --shortlist} candidates (the specials and random ids:
     * which ids does not change the work), as {@link org.sparknmt.decode.Shortlist} gives a batch.
     */
    static Map<String, Object> shortlisted(ComputationGraph graph, IncrementalScorer.Weights weights,
                                           ModelConfig config, EncodedSources encoded, double[] fixedTimes, Options o) {
        List<Integer> ids = new ArrayList<>();
        for (int t = Specials.ALL.size(); t < o.vocab; t++) {
            ids.add(t);
        }
        java.util.Collections.shuffle(ids, new Random(o.seed + 5));
        int regular = Math.max(0, o.shortlist - Specials.ALL.size());
        int[] candidates = java.util.stream.IntStream.concat(java.util.stream.IntStream.range(0, Specials.ALL.size()),
                ids.subList(0, regular).stream().mapToInt(Integer::intValue)).sorted().toArray();
        double[] times = timeRuns(o.decodeWarmup, o.decodeIters, () -> {
            fixedLoop(new IncrementalScorer(weights, graph, config, encoded, candidates), o.decodeBatch, o.maxDecode,
                    null, null);
            return null;
        });
        Map<String, Object> r = decodeResult("fixed-incremental-shortlist", "IncrementalScorer over " + candidates.length
                + " candidate target ids of " + o.vocab + ", x max-decode steps", o.decodeBatch, o.maxDecode, times, o);
        r.put("candidates", candidates.length);
        r.put("full_vocabulary_over_shortlist_time", median(fixedTimes) / median(times));
        System.out.printf(Locale.ROOT, "[%s] fixed-step over a shortlist of %d of %d ids: median %.3f s/batch -> %.2fx"
                        + " the full vocabulary's speed%n", o.variant, candidates.length, o.vocab, median(times),
                median(fixedTimes) / median(times));
        return r;
    }

    /**
     * Steps {@code scorer} for exactly {@code steps} steps from BOS, feeding each row's argmax (any id, as the peer).
     * Records the fed tokens and the returned log-probabilities when the arrays are given.
     */
    static void fixedLoop(StepScorer scorer, int rows, int steps, int[][] tokens, float[][] logProbs) {
        int vocab = scorer.vocabSize();
        int[] feed = filled(rows, Specials.BOS_ID);
        for (int s = 0; s < steps; s++) {
            float[] lp = scorer.logProbs(feed);
            int[] next = new int[rows];
            for (int r = 0; r < rows; r++) {
                int best = 0;
                float bestValue = Float.NEGATIVE_INFINITY;
                for (int t = 0, off = r * vocab; t < vocab; t++) {
                    if (lp[off + t] > bestValue) {
                        bestValue = lp[off + t];
                        best = t;
                    }
                }
                next[r] = best;
            }
            if (tokens != null) {
                tokens[s] = next;
                logProbs[s] = lp.clone(); // a scorer may reuse its array at the next call
            }
            feed = next;
        }
    }

    static Map<String, Object> decodeResult(String measure, String what, int batch, int steps, double[] times,
                                            Options o) {
        double med = median(times);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("measure", measure);
        r.put("what", what);
        r.put("batch", batch);
        r.put("src_len", o.srcLen);
        r.put("min_len", o.minLen);
        r.put("max_decode", steps);
        r.put("iters", times.length);
        r.put("decode_batch_s_median", med);
        r.put("decode_batch_s_min", Arrays.stream(times).min().orElse(Double.NaN));
        r.put("decode_batch_s_max", Arrays.stream(times).max().orElse(Double.NaN));
        r.put("decode_batch_s_all", round(times, 4));
        r.put("decode_sent_per_s", batch / med);
        r.put("decode_tok_per_s", (double) batch * steps / med);
        r.put("decode_ms_per_step", med / steps * 1e3);
        return r;
    }

    /** Counts steps and row-steps; otherwise passes through. */
    static final class CountingScorer implements StepScorer {
        private final StepScorer inner;
        int calls;
        long rowSteps;

        CountingScorer(StepScorer inner) {
            this.inner = inner;
        }

        @Override
        public int vocabSize() {
            return inner.vocabSize();
        }

        @Override
        public float[] logProbs(int[] lastTokens) {
            calls++;
            rowSteps += lastTokens.length;
            return inner.logProbs(lastTokens);
        }

        @Override
        public void select(int[] rows) {
            inner.select(rows);
        }
    }

    // ---------------------------------------------------------------- output

    static void printTable(Options o, List<Map<String, Object>> results, String loadStart, String loadEnd,
                           long rss) {
        System.out.println();
        System.out.printf(Locale.ROOT, "== DL4J ModelSpeed, variant %s (%s), OMP_NUM_THREADS=%s ==%n", o.variant,
                o.variant.equals("B") ? "attention " + o.attnSize : "no attention",
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        System.out.printf(Locale.ROOT, "%-24s %-30s %14s  %s%n", "measure", "shape", "median", "throughput");
        for (Map<String, Object> r : results) {
            String m = (String) r.get("measure");
            if (m.equals("train")) {
                System.out.printf(Locale.ROOT, "%-24s %-30s %10.3f s/st  %,.0f real tgt tok/s, %,.0f padded tgt tok/s"
                                + " (CPU %.2f s/step)%n", m,
                        String.format(Locale.ROOT, "%d x Ts %d -> Tt %d", r.get("batch"), r.get("src_padded_steps"),
                                r.get("tgt_padded_steps")),
                        (double) r.get("step_s_median"), (double) r.get("real_tgt_tok_per_s"),
                        (double) r.get("padded_tgt_tok_per_s"), (double) r.get("process_cpu_s_per_step"));
            } else {
                String extra = "";
                if (m.equals("greedy")) {
                    extra = String.format(Locale.ROOT, " | ran %d of %d steps, %d/%d row-steps, %d stopped by EOS",
                            r.get("steps_run"), r.get("max_decode"), r.get("row_steps_run"), r.get("row_steps_fixed"),
                            r.get("sentences_stopped_by_eos"));
                } else if (m.equals("fixed-legacy")) {
                    extra = String.format(Locale.ROOT, " | fused step %.2fx faster, max|dlogp| %.1e, same argmax %d",
                            (double) r.get("legacy_over_incremental_time"),
                            (double) r.get("max_abs_logprob_diff_vs_incremental"), (long) r.get("same_fed_tokens"));
                } else if (m.equals("fixed-full-prefix")) {
                    extra = String.format(Locale.ROOT, " | incremental %.1fx faster, max|dlogp| %.1e",
                            (double) r.get("full_prefix_over_incremental_time"),
                            (double) r.get("max_abs_logprob_diff_vs_incremental"));
                }
                System.out.printf(Locale.ROOT, "%-24s %-30s %10.3f s/b   %,.1f sent/s, %,.0f tok/s%s%n", m,
                        String.format(Locale.ROOT, "%d sents x %d steps", r.get("batch"), r.get("max_decode")),
                        (double) r.get("decode_batch_s_median"), (double) r.get("decode_sent_per_s"),
                        (double) r.get("decode_tok_per_s"), extra);
            }
        }
        System.out.printf(Locale.ROOT, "peak RSS %d MiB | loadavg start %s, end %s%n", rss, loadStart, loadEnd);
    }

    // ---------------------------------------------------------------- helpers

    /** Runs {@code warmup} untimed then {@code iters} timed calls; wall seconds per timed call. */
    static double[] timeRuns(int warmup, int iters, Supplier<Void> run) {
        for (int i = 0; i < warmup; i++) {
            run.get();
        }
        double[] times = new double[iters];
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            run.get();
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        return times;
    }

    /** Step count uniform in [min, max]. */
    static int steps(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /** {@code n} (at least 1) random ordinary ids in [first word, vocab). */
    static int[] ids(Random random, int n, int vocab) {
        int first = Specials.ALL.size();
        int[] ids = new int[Math.max(1, n)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = first + random.nextInt(vocab - first);
        }
        return ids;
    }

    static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.isInfinite(a[i]) || Float.isInfinite(b[i])) {
                if (a[i] != b[i]) {
                    max = Double.POSITIVE_INFINITY;
                }
                continue;
            }
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static List<Double> round(double[] values, int digits) {
        double scale = Math.pow(10, digits);
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Math.round(v * scale) / scale);
        }
        return out;
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** VmHWM (peak resident set, heap + ND4J off-heap) in MiB, or -1. */
    static long peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    static String dl4jVersion() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString();
            if (name.startsWith("deeplearning4j-nn-") && name.endsWith(".jar")) {
                return name.substring("deeplearning4j-nn-".length(), name.length() - 4);
            }
        }
        return "unknown";
    }
}
