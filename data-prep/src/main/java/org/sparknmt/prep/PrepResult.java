package org.sparknmt.prep;

import org.sparknmt.batch.BatchStats;

import java.util.Map;

/**
 * What a prep run produced, as recorded in its manifest.
 *
 * @param inputPairs pairs read (lines of a TSV, or aligned line pairs)
 * @param kept       pairs written to some split
 * @param dropped    dropped pairs by reason (kept + sum of dropped = inputPairs)
 * @param fixes      kept pairs that needed each kind of repair
 * @param splits     per split: pairs, batches, tokens and padded slots
 */
public record PrepResult(String output, long inputPairs, long kept, Map<DropReason, Long> dropped,
                         Map<Fix, Long> fixes, Map<Split, BatchStats> splits, int sourceVocab, int targetVocab,
                         int sourceMerges, int targetMerges, Map<String, Long> timingsMillis) {

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    public BatchStats all() {
        return splits.values().stream().reduce(BatchStats.EMPTY, BatchStats::plus);
    }

    /** The short human summary printed at the end of a run. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        double seconds = timingsMillis.getOrDefault("total", 0L) / 1000.0;
        sb.append(String.format(java.util.Locale.ROOT, "prep finished in %.1f s: %,d pairs read, %,d kept, %,d dropped"
                + " (%.0f pairs/s)%n", seconds, inputPairs, kept, droppedTotal(), seconds > 0 ? inputPairs / seconds : 0.0));
        dropped.forEach((reason, n) -> {
            if (n > 0) {
                sb.append(String.format(java.util.Locale.ROOT, "  dropped %-18s %,9d  (%s)%n", reason.key(), n, reason.description()));
            }
        });
        fixes.forEach((fix, n) -> {
            if (n > 0) {
                sb.append(String.format(java.util.Locale.ROOT, "  repaired %-17s %,9d pairs%n", fix.key(), n));
            }
        });
        splits.forEach((split, s) -> sb.append(String.format(java.util.Locale.ROOT,
                "  %-5s %,9d pairs in %,6d batches, padding efficiency %.1f%%%n",
                split.dirName(), s.sentences(), s.batches(), 100 * s.paddingEfficiency())));
        sb.append(String.format(java.util.Locale.ROOT, "  vocabulary: source %,d, target %,d; BPE merges: source %,d, target %,d%n",
                sourceVocab, targetVocab, sourceMerges, targetMerges));
        sb.append("  output: ").append(output).append(" (manifest.json)");
        return sb.toString();
    }
}
