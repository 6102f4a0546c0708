package org.sparknmt.prep;

import org.sparknmt.subword.Subwords;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.sparknmt.batch.BatchBuilder;
import org.sparknmt.batch.BatchStats;
import org.sparknmt.batch.Batcher;
import org.sparknmt.batch.LengthBucketer;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.subword.BpeModel;
import org.sparknmt.text.TextNormalizer;
import org.sparknmt.text.Tokenizer;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.hadoop.InputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The prep job: raw parallel corpus → cleaned, tokenized, subword-encoded, bucketed and padded batches, with
 * vocabularies, merges, held-out text and a manifest, committed atomically to the output directory.
 * Stages: read → clean (+ dedupe, split) → learn or load BPE → apply BPE → vocabularies → encode → write batches,
 * held-out text, manifest → commit. The driver only handles counts, the word/subword frequency tables and small
 * samples; the corpus itself stays on the executors.
 */
public final class PrepJob {
    private static final Logger LOG = LoggerFactory.getLogger(PrepJob.class);
    private static final int SAMPLES_PER_REASON = 3;

    private final JavaSparkContext sc;
    private final PrepConfig config;
    private final ConfigTree resolved;

    public PrepJob(JavaSparkContext sc, PrepConfig config, ConfigTree resolved) {
        this.sc = sc;
        this.config = config;
        this.resolved = resolved;
    }

    /** Runs the job; user-facing problems surface as {@link PrepException} with a message naming file and fix. */
    public PrepResult run() {
        OutputDir out = OutputDir.open(config.output().path(), config.output().overwrite(), sc.hadoopConfiguration());
        List<JavaRDD<?>> cached = new ArrayList<>();
        try {
            PrepResult result = runInto(out, cached);
            out.commit();
            return result;
        } catch (Exception e) { // also Spark's checked SparkException, thrown undeclared from Scala
            out.abandon();
            throw unwrap(e);
        } finally {
            cached.forEach(JavaRDD::unpersist);
        }
    }

    private PrepResult runInto(OutputDir out, List<JavaRDD<?>> cached) {
        StageTimer timer = new StageTimer(LOG, 6);
        int partitions = config.spark().partitions() > 0 ? config.spark().partitions() : 2 * sc.defaultParallelism();

        timer.start("read and clean");
        PairSources.Pairs pairs = PairSources.open(sc, config.input(), partitions);
        Cleaned cleaned = clean(pairs, partitions, cached);

        Bundle reused = config.reuse().enabled() ? ReusedModel.load(config, sc.hadoopConfiguration()) : null;
        timer.start(reused != null ? "BPE from reuse.bundle" : config.subword().learn() ? "learn BPE" : "load BPE");
        Subwords subwords = reused != null ? reused.subwords()
                : SubwordLearning.learnOrLoad(sc, cleaned.kept(), config.subword());

        timer.start("apply BPE");
        JavaRDD<SubwordPair> fit = applySubwords(subwords, cleaned, cached);

        timer.start("build vocabularies");
        Vocabularies vocabs = reused != null ? ReusedModel.vocabularies(reused) : Vocabularies.build(fit, config.vocab());

        timer.start("encode and write batches");
        JavaRDD<EncodedRow> encoded = cache(fit.map(new EncodeIds(sc.broadcast(vocabs.source()),
                sc.broadcast(vocabs.target()))), cached);
        Map<Split, BatchStats> splitStats = writeBatches(out, encoded, partitions);

        timer.start("write held-out text, vocabularies, manifest");
        for (Split split : List.of(Split.VALID, Split.TEST)) {
            HeldOut.write(out, split, fit);
        }
        SubwordLearning.write(out, subwords);
        vocabs.write(out);
        out.writeText(PrepLayout.CONFIG, w -> w.write(resolved.toYaml()));
        long keptFinal = cleaned.keptCount() - cleaned.dropped().get(DropReason.TOO_MANY_SUBWORDS);
        PrepResult result = new PrepResult(out.target().toString(), cleaned.inputPairs(), keptFinal, cleaned.dropped(),
                cleaned.fixes(), splitStats, vocabs.source().size(), vocabs.target().size(),
                subwords.source().numMerges(), subwords.target().numMerges(), timer.millis());
        Manifest manifest = new Manifest(result, resolved, pairs.files(), InputChecksums.compute(sc, pairs.files()),
                cleaned.samples(), Manifest.histograms(encoded), Manifest.unknownRates(encoded), vocabs.shared(),
                subwords.joint());
        out.writeText(PrepLayout.MANIFEST, w -> w.write(manifest.toJson()));
        return result;
    }

    /**
     * What cleaning left: every pair's outcome, the kept pairs, counts by drop reason (TOO_MANY_SUBWORDS is added
     * once subwords are applied), repairs made, and samples of dropped lines for the manifest.
     */
    private record Cleaned(JavaRDD<CleanPair> outcomes, JavaRDD<CleanPair> kept, Map<DropReason, Long> dropped,
                           long inputPairs, long keptCount, Map<Fix, Long> fixes, ObjectNode samples) {
    }

    /** Normalises, tokenizes, filters, dedupes and assigns splits; every pair read is accounted for. */
    private Cleaned clean(PairSources.Pairs pairs, int partitions, List<JavaRDD<?>> cached) {
        PairCleaner cleaner = new PairCleaner(new TextNormalizer(config.clean().nfkc()),
                tokenizer(), config.clean(), config.input().invalidUtf8(),
                new Split.Assigner(config.split().valid(), config.split().test(), config.split().seed()));
        JavaRDD<CleanPair> outcomes = pairs.rdd().map(cleaner);
        if (config.clean().dedupe()) {
            outcomes = Dedupe.mark(outcomes, partitions);
        }
        outcomes = cache(outcomes, cached);
        Map<String, Long> outcomeCounts = outcomes.map(p -> p.kept() ? "" : p.dropped().name()).countByValue();
        Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            dropped.put(r, outcomeCounts.getOrDefault(r.name(), 0L));
        }
        long inputPairs = outcomeCounts.values().stream().mapToLong(Long::longValue).sum();
        if (inputPairs != pairs.count()) {
            throw new IllegalStateException("internal error: " + pairs.count() + " pairs read but " + inputPairs + " outcomes");
        }
        JavaRDD<CleanPair> kept = outcomes.filter(CleanPair::kept);
        Map<Fix, Long> fixes = countFixes(kept);
        ObjectNode samples = Manifest.samples(outcomes, dropped, SAMPLES_PER_REASON);
        long keptCount = outcomeCounts.getOrDefault("", 0L);
        LOG.info("read {} pairs, {} pass cleaning", inputPairs, keptCount);
        if (keptCount == 0) {
            throw new PrepException("no sentence pair survived cleaning (" + inputPairs + " read; dropped: "
                    + Manifest.nonZero(dropped) + "). Check input.format and the column settings, or that the input"
                    + " is not empty.");
        }
        return new Cleaned(outcomes, kept, dropped, inputPairs, keptCount, fixes, samples);
    }

    /** The kept pairs as subwords, without those over {@code batch.maxSubwords} (counted and sampled as dropped). */
    private JavaRDD<SubwordPair> applySubwords(Subwords subwords, Cleaned cleaned, List<JavaRDD<?>> cached) {
        Broadcast<Subwords> subwordsB = sc.broadcast(subwords);
        JavaRDD<SubwordPair> pieces = cache(cleaned.kept().map(new ApplySubwords(subwordsB, config.batch().maxSubwords())),
                cached);
        cleaned.dropped().put(DropReason.TOO_MANY_SUBWORDS, pieces.filter(SubwordPair::tooLong).count());
        Manifest.addSubwordSamples(cleaned.samples(), pieces, SAMPLES_PER_REASON);
        return pieces.filter(p -> !p.tooLong());
    }

    /** Each split's pairs bucketed by length, sorted, cut into batches and written; returns each split's figures. */
    private Map<Split, BatchStats> writeBatches(OutputDir out, JavaRDD<EncodedRow> encoded, int partitions) {
        Configuration hadoopConf = sc.hadoopConfiguration();
        LengthBucketer bucketer = new LengthBucketer(config.batch().bucketWidth(), config.batch().maxSubwords() + 1);
        Batcher batcher = new Batcher(bucketer, config.batch().size(), config.batch().maxTokens(),
                config.batch().minFill());
        Map<Split, BatchStats> splitStats = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            int parts = split == Split.TRAIN ? partitions : Math.max(1, partitions / 4);
            String dir = out.resolve(PrepLayout.batchDir(split.dirName())).toString();
            BatchStats stats = encoded.filter(r -> r.split() == split)
                    .mapToPair(r -> new Tuple2<>(new BatchKey(bucketer.bucket(r.pair()), r.pair().index()), r.pair()))
                    .repartitionAndSortWithinPartitions(new BucketPartitioner(parts, bucketer))
                    .mapPartitionsWithIndex(new WriteBatches(dir, hadoopConf, batcher, new BatchBuilder()), false)
                    .reduce(BatchStats::plus);
            splitStats.put(split, stats);
            LOG.info("{}: {} pairs in {} batches, padding efficiency {}", split.dirName(), stats.sentences(),
                    stats.batches(), String.format(java.util.Locale.ROOT, "%.3f", stats.paddingEfficiency()));
        }
        return splitStats;
    }

    private Tokenizer tokenizer() {
        return new Tokenizer(config.tokenize().cjk());
    }

    private static <T> JavaRDD<T> cache(JavaRDD<T> rdd, List<JavaRDD<?>> cached) {
        JavaRDD<T> persisted = rdd.persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(persisted);
        return persisted;
    }

    private static Map<Fix, Long> countFixes(JavaRDD<CleanPair> kept) {
        long[] counts = kept.aggregate(new long[Fix.values().length], (acc, p) -> {
            for (Fix f : Fix.values()) {
                if ((p.fixes() & f.bit()) != 0) {
                    acc[f.ordinal()]++;
                }
            }
            return acc;
        }, (a, b) -> {
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            return a;
        });
        Map<Fix, Long> fixes = new EnumMap<>(Fix.class);
        for (Fix f : Fix.values()) {
            fixes.put(f, counts[f.ordinal()]);
        }
        return fixes;
    }

    /** Finds a PrepException (or an InputException, as one) inside Spark's job-failure wrapping so the user sees its message. */
    static RuntimeException unwrap(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PrepException pe) {
                return pe;
            }
            if (t instanceof InputException ie) {
                return new PrepException(ie.getMessage(), ie);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage());
            for (Class<?> known : List.of(PrepException.class, InputException.class)) {
                int at = msg.indexOf(known.getName() + ": ");
                if (at >= 0) {
                    String rest = msg.substring(at + known.getName().length() + 2);
                    int nl = rest.indexOf('\n');
                    return new PrepException(nl >= 0 ? rest.substring(0, nl) : rest, e);
                }
            }
        }
        return e instanceof RuntimeException re ? re : new IllegalStateException("prep failed: " + e.getMessage(), e);
    }
}
