package org.sparknmt.translate;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleIO;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.decode.Decoder;
import org.sparknmt.decode.Hypothesis;
import org.sparknmt.decode.Shortlist;
import org.sparknmt.nn.EncodedSources;
import org.sparknmt.nn.IncrementalScorer;
import org.sparknmt.nn.ModelConfig;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Loads a bundle and translates text: the prep text pipeline, the incremental decoder over the network, greedy or
 * beam search, then BPE undone and detokenized. Sentences are decoded in batches of similar length (fewer padded
 * steps) and returned in input order; empty input lines give empty output without touching the network.
 * Not thread-safe (the network's workspaces are per instance): use one Translator per thread. Its decoding weights are
 * copied from the network on first use (about the decoder's size again), so the network must not change after that.
 */
public final class Translator {
    /** Sources longer than this many subwords are cut (and the cut is visible in the output). */
    public static final int DEFAULT_MAX_SOURCE_TOKENS = 250;

    private final ComputationGraph network;
    private final ModelConfig config;
    private final TextPipeline text;
    private final int batchSize;
    private final int maxSourceTokens;
    private IncrementalScorer.Weights weights; // prepared on first use: the network must not change after it
    private Shortlist shortlist;               // null: every step scores the whole target vocabulary

    public Translator(ComputationGraph network, ModelConfig config, TextPipeline text, int batchSize, int maxSourceTokens) {
        if (batchSize < 1 || maxSourceTokens < 1) {
            throw new IllegalArgumentException("batchSize and maxSourceTokens must be >= 1, got " + batchSize + ", " + maxSourceTokens);
        }
        this.network = network;
        this.config = config;
        this.text = text;
        this.batchSize = batchSize;
        this.maxSourceTokens = maxSourceTokens;
    }

    public static Translator load(Path bundle) throws IOException {
        return of(BundleIO.read(bundle));
    }

    /** A translator over a loaded bundle: current model defaults first, then the bundle's saved values. */
    public static Translator of(Bundle b) {
        return of(b, b.network(), 64, DEFAULT_MAX_SOURCE_TOKENS);
    }

    /**
     * A translator over {@code network}, which must be {@code b}'s network or a clone of it (one per thread), with
     * {@code batchSize} sentences per decoding pass and sources cut at {@code maxSourceTokens} subwords.
     */
    public static Translator of(Bundle b, ComputationGraph network, int batchSize, int maxSourceTokens) {
        return of(b, network, null, batchSize, maxSourceTokens);
    }

    /**
     * {@link #of(Bundle, ComputationGraph, int, int)} over decoding weights already {@link IncrementalScorer#prepare}d
     * from {@code network} (null: prepared on first use), so that short-lived translators over one long-lived
     * network copy do not copy its weights again each.
     */
    public static Translator of(Bundle b, ComputationGraph network, IncrementalScorer.Weights weights, int batchSize,
                                int maxSourceTokens) {
        ModelConfig config = ModelConfig.fromYaml(b.modelConfigYaml());
        TextPipeline text = TextPipeline.fromPrepConfig(b.dataConfigYaml(), b.subwords(), b.sourceVocab(), b.targetVocab());
        return of(network, config, text, weights, b.shortlist().orElse(null), batchSize, maxSourceTokens);
    }

    /**
     * {@link #of(Bundle, ComputationGraph, IncrementalScorer.Weights, int, int)} with the bundle's model config and
     * text pipeline already parsed, for callers that make many short-lived translators of one bundle.
     */
    public static Translator of(ComputationGraph network, ModelConfig config, TextPipeline text,
                                IncrementalScorer.Weights weights, int batchSize, int maxSourceTokens) {
        return of(network, config, text, weights, null, batchSize, maxSourceTokens);
    }

    /**
     * {@link #of(ComputationGraph, ModelConfig, TextPipeline, IncrementalScorer.Weights, int, int)} decoding each
     * batch over {@code shortlist}'s candidates for its sources (null: the whole target vocabulary).
     */
    public static Translator of(ComputationGraph network, ModelConfig config, TextPipeline text,
                                IncrementalScorer.Weights weights, Shortlist shortlist, int batchSize,
                                int maxSourceTokens) {
        Translator t = new Translator(network, config, text, batchSize, maxSourceTokens);
        t.weights = weights;
        t.shortlist = shortlist;
        return t;
    }

    public TextPipeline text() {
        return text;
    }

    /** Best translation of each sentence (greedy). */
    public List<String> translate(List<String> sentences) {
        return translate(sentences, DecodeOptions.greedy());
    }

    /** Best translation of each sentence with the given search. */
    public List<String> translate(List<String> sentences, DecodeOptions options) {
        List<List<Translation>> all = translateNBest(sentences, options);
        List<String> out = new ArrayList<>(all.size());
        for (List<Translation> n : all) {
            out.add(n.isEmpty() ? "" : n.get(0).text());
        }
        return out;
    }

    /** Up to {@code options.nBest()} translations per sentence, best first. Empty sentences get an empty list. */
    public List<List<Translation>> translateNBest(List<String> sentences, DecodeOptions options) {
        List<int[]> ids = new ArrayList<>(sentences.size());
        for (String s : sentences) {
            ids.add(text.encodeSource(s == null ? "" : s));
        }
        return translateEncoded(ids, options);
    }

    /**
     * Like {@link #translateNBest} for sources already encoded with {@link #text()}{@code .encodeSource}: callers
     * that inspect the subwords first (e.g. to apply a length policy) encode each sentence only once. Sources longer
     * than the limit are cut; empty ones get an empty list.
     */
    public List<List<Translation>> translateEncoded(List<int[]> sources, DecodeOptions options) {
        int n = sources.size();
        List<int[]> ids = new ArrayList<>(n);
        for (int[] source : sources) {
            ids.add(source.length > maxSourceTokens ? java.util.Arrays.copyOf(source, maxSourceTokens) : source);
        }
        List<List<Translation>> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(List.of());
        }
        int[] order = IntStream.range(0, n).filter(i -> ids.get(i).length > 0).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> ids.get(i).length).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        Decoder decoder = options.decoder();
        for (int from = 0; from < order.length; from += batchSize) {
            int[] batch = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
            List<int[]> batchIds = new ArrayList<>(batch.length);
            int[] lengths = new int[batch.length];
            for (int k = 0; k < batch.length; k++) {
                batchIds.add(ids.get(batch[k]));
                lengths[k] = ids.get(batch[k]).length;
            }
            EncodedSources encoded = EncodedSources.of(batchIds, config.dataType().nd4j());
            if (weights == null) {
                weights = IncrementalScorer.prepare(network, config);
            }
            int[] candidates = shortlist == null ? null : shortlist.candidates(batchIds);
            List<List<Hypothesis>> decoded = decoder.decode(
                    IncrementalScorer.of(weights, network, config, encoded, candidates), lengths, options);
            for (int k = 0; k < batch.length; k++) {
                List<Translation> list = new ArrayList<>();
                for (Hypothesis h : decoded.get(k)) {
                    list.add(new Translation(text.decodeTarget(h.tokens()), h.score(), h.logProb(), h.finished()));
                }
                results.set(batch[k], List.copyOf(list));
            }
        }
        return results;
    }
}
