package org.sparknmt.prep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaRDD;
import org.sparknmt.batch.BatchStats;
import org.sparknmt.config.ConfigTree;
import scala.Tuple2;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json}: what a prep run read, kept, dropped and why, and what it wrote. The counts satisfy
 * {@code pairs.read = pairs.kept + sum(pairs.dropped)}; the split statistics add up to the batch files written.
 */
final class Manifest {
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int SAMPLE_CHARS = 160;

    private final ObjectNode root = F.objectNode();

    Manifest(PrepResult r, ConfigTree config, List<FileStatus> files, List<String> checksums, ObjectNode samples,
             ObjectNode histograms, ObjectNode unknownRates, boolean sharedVocab, boolean jointMerges) {
        root.put("formatVersion", FORMAT_VERSION);
        root.put("createdAt", Instant.now().toString());
        ArrayNode inputs = root.putArray("inputs");
        for (int i = 0; i < files.size(); i++) {
            inputs.addObject().put("path", files.get(i).getPath().toString()).put("bytes", files.get(i).getLen())
                    .put("sha256", checksums.get(i));
        }
        root.set("config", config.toNode());
        ObjectNode pairs = root.putObject("pairs");
        pairs.put("read", r.inputPairs());
        pairs.put("kept", r.kept());
        ObjectNode dropped = pairs.putObject("dropped");
        r.dropped().forEach((reason, n) -> dropped.put(reason.key(), n));
        pairs.put("droppedTotal", r.droppedTotal());
        ObjectNode fixes = pairs.putObject("repairedKept");
        r.fixes().forEach((fix, n) -> fixes.put(fix.key(), n));
        root.set("dropSamples", samples);
        ObjectNode splits = root.putObject("splits");
        r.splits().forEach((split, s) -> splits.set(split.dirName(), stats(s)));
        root.set("all", stats(r.all()));
        ObjectNode vocab = root.putObject("vocabulary");
        vocab.put("shared", sharedVocab);
        vocab.put("source", r.sourceVocab());
        vocab.put("target", r.targetVocab());
        vocab.set("unknownRate", unknownRates);
        root.putObject("bpeMerges").put("joint", jointMerges)
                .put("source", r.sourceMerges()).put("target", r.targetMerges());
        root.set("lengthHistograms", histograms);
        ObjectNode timings = root.putObject("timingsMillis");
        r.timingsMillis().forEach(timings::put);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode stats(BatchStats s) {
        ObjectNode n = F.objectNode();
        n.put("pairs", s.sentences());
        n.put("batches", s.batches());
        n.put("sourceTokens", s.sourceTokens());
        n.put("targetTokens", s.targetTokens());
        n.put("sourceSlots", s.sourceSlots());
        n.put("targetSlots", s.targetSlots());
        n.put("paddingEfficiency", s.paddingEfficiency());
        return n;
    }

    /** A few examples per drop reason ("file:line: text"), so a user can see what was dropped and where. */
    static ObjectNode samples(JavaRDD<CleanPair> outcomes, Map<DropReason, Long> counts, int perReason) {
        ObjectNode samples = F.objectNode();
        counts.forEach((reason, n) -> {
            if (n > 0) {
                ArrayNode list = samples.putArray(reason.key());
                for (CleanPair p : outcomes.filter(o -> o.dropped() == reason).takeOrdered(perReason, new ByIndex())) {
                    list.add(p.origin() + ": " + clip(p.source()) + " ||| " + clip(p.target()));
                }
            }
        });
        return samples;
    }

    static void addSubwordSamples(ObjectNode samples, JavaRDD<SubwordPair> pieces, int perReason) {
        List<SubwordPair> tooLong = pieces.filter(SubwordPair::tooLong).take(perReason);
        if (!tooLong.isEmpty()) {
            ArrayNode list = samples.putArray(DropReason.TOO_MANY_SUBWORDS.key());
            tooLong.forEach(p -> list.add(p.origin() + ": " + p.sourcePieces().length + " / " + p.targetPieces().length
                    + " subwords: " + clip(p.source())));
        }
    }

    /** Length histograms (subword ids per side, without specials): length → pairs. */
    static ObjectNode histograms(JavaRDD<EncodedRow> encoded) {
        ObjectNode h = F.objectNode();
        Map<Integer, Long> src = new TreeMap<>(encoded.map(r -> r.pair().sourceLength()).countByValue());
        Map<Integer, Long> tgt = new TreeMap<>(encoded.map(r -> r.pair().targetLength()).countByValue());
        ObjectNode s = h.putObject("source");
        src.forEach((len, n) -> s.put(String.valueOf(len), n));
        ObjectNode t = h.putObject("target");
        tgt.forEach((len, n) -> t.put(String.valueOf(len), n));
        return h;
    }

    /** Share of subword pieces mapped to {@code <unk>}, per split and side. */
    static ObjectNode unknownRates(JavaRDD<EncodedRow> encoded) {
        Map<Split, long[]> sums = new TreeMap<>(encoded.mapToPair(r -> new Tuple2<>(r.split(), new long[]{
                r.pair().sourceLength(), r.sourceUnknown(), r.pair().targetLength(), r.targetUnknown()}))
                .reduceByKey((a, b) -> new long[]{a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]})
                .collectAsMap());
        ObjectNode rates = F.objectNode();
        sums.forEach((split, s) -> rates.putObject(split.dirName())
                .put("source", s[0] == 0 ? 0.0 : (double) s[1] / s[0])
                .put("target", s[2] == 0 ? 0.0 : (double) s[3] / s[2]));
        return rates;
    }

    static String nonZero(Map<DropReason, Long> dropped) {
        StringBuilder sb = new StringBuilder();
        dropped.forEach((r, n) -> {
            if (n > 0) {
                sb.append(sb.length() > 0 ? ", " : "").append(r.key()).append('=').append(n);
            }
        });
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static String clip(String s) {
        return s.length() <= SAMPLE_CHARS ? s : s.substring(0, SAMPLE_CHARS) + "…(" + s.length() + " chars)";
    }

    /** Orders pairs by corpus position, so samples are the first occurrences. */
    static final class ByIndex implements java.util.Comparator<CleanPair>, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(CleanPair a, CleanPair b) {
            return Long.compare(a.index(), b.index());
        }
    }
}
