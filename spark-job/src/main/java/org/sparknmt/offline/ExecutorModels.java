package org.sparknmt.offline;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparknmt.nn.DecodingCopies;
import org.sparknmt.nn.IncrementalScorer;
import org.sparknmt.nn.ModelConfig;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.TextPipeline;
import org.sparknmt.translate.Translator;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The translation models of this JVM. A bundle is read once per JVM (an executor, or the driver in local mode),
 * not per task or record; each task that runs at the same time leases its own copy of the network, because a DL4J
 * network keeps per-call state and is not thread-safe. Copies go back to the pool when a task ends, so an executor
 * with c cores holds at most c copies plus the pristine one they are cloned from.
 *
 * <p>This is JVM-wide state on purpose: Spark offers no executor-scoped object other than a static one. It is
 * bounded to {@link #MAX_BUNDLES} bundles (least recently used is dropped), keyed by the bundle file's path, size
 * and modification time, so a changed file is never served from the cache.
 */
final class ExecutorModels {
    static final int MAX_BUNDLES = 2;
    /** Guarded by itself; access-ordered for LRU eviction. */
    private static final Map<String, Pool> POOLS = new LinkedHashMap<>(4, 0.75f, true);

    private ExecutorModels() {
    }

    /** Reads a bundle; called at most once per key while the key stays cached. */
    @FunctionalInterface
    interface Loader {
        Bundle load() throws IOException;
    }

    /** A network copy for one task: close it (try-with-resources) to give the copy back. */
    static final class Lease implements AutoCloseable {
        private final Pool pool;
        private final Copy copy;
        private final Parsed parsed;
        final Bundle bundle;
        /** This lease read the bundle from storage. */
        final boolean loaded;
        /** This lease made a new copy of the network (no idle one was left). */
        final boolean copied;

        private Lease(Pool pool, Bundle bundle, Parsed parsed, Copy copy, boolean loaded, boolean copied) {
            this.pool = pool;
            this.bundle = bundle;
            this.parsed = parsed;
            this.copy = copy;
            this.loaded = loaded;
            this.copied = copied;
        }

        ComputationGraph network() {
            return copy.network();
        }

        /**
         * A translator over this lease's network copy (valid until the lease is closed); cheap: the bundle's configs
         * were parsed once per JVM (the SQL function asks for one per row).
         */
        Translator translator(int batchSize, SourceLimit limit) {
            return Translator.of(copy.network(), parsed.config(), parsed.text(), copy.weights(),
                    bundle.shortlist().orElse(null), batchSize, limit.maxTokens());
        }

        @Override
        public void close() {
            pool.giveBack(copy);
        }
    }

    /** A network copy of the bundle {@code key}, reading the bundle with {@code loader} if this JVM has not yet. */
    static Lease lease(String key, Loader loader) throws IOException {
        return pool(key).lease(loader);
    }

    /**
     * The bundle {@code key}, read with {@code loader} if this JVM has not yet, without a network copy: the driver's
     * check-load, which the tasks reuse in local mode.
     */
    static Bundle bundle(String key, Loader loader) throws IOException {
        return pool(key).bundle(loader);
    }

    private static Pool pool(String key) {
        synchronized (POOLS) {
            Pool pool = POOLS.computeIfAbsent(key, k -> new Pool());
            for (Iterator<String> it = POOLS.keySet().iterator(); POOLS.size() > MAX_BUNDLES && it.hasNext(); ) {
                if (!it.next().equals(key)) {
                    it.remove();
                }
            }
            return pool;
        }
    }

    /** One bundle and its idle network copies. */
    private static final class Pool {
        private Bundle bundle;
        private Parsed parsed;
        private final Deque<Copy> idle = new ArrayDeque<>();

        synchronized Bundle bundle(Loader loader) throws IOException {
            load(loader);
            return bundle;
        }

        synchronized Lease lease(Loader loader) throws IOException {
            boolean loaded = load(loader);
            Copy copy = idle.poll();
            boolean copied = copy == null;
            if (copied) {
                ComputationGraph network = DecodingCopies.of(bundle.network()); // no optimizer state: a third of a clone
                copy = new Copy(network, IncrementalScorer.prepare(network, parsed.config()));
            }
            return new Lease(this, bundle, parsed, copy, loaded, copied);
        }

        /** Reads the bundle and parses its configs unless done; whether this call read it. */
        private boolean load(Loader loader) throws IOException {
            if (bundle != null) {
                return false;
            }
            Bundle b = loader.load();
            parsed = new Parsed(ModelConfig.fromYaml(b.modelConfigYaml()), TextPipeline.fromPrepConfig(
                    b.dataConfigYaml(), b.subwords(), b.sourceVocab(), b.targetVocab()));
            bundle = b;
            return true;
        }

        synchronized void giveBack(Copy copy) {
            idle.push(copy);
        }
    }

    /** A bundle's model config and text pipeline, parsed once per JVM (both immutable and thread-safe). */
    private record Parsed(ModelConfig config, TextPipeline text) {
    }

    /** A network copy and its decoding weights, prepared once with it: every task or row that leases it reuses both. */
    private record Copy(ComputationGraph network, IncrementalScorer.Weights weights) {
    }
}
