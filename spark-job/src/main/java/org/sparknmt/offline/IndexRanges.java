package org.sparknmt.offline;

import org.apache.spark.Partitioner;

/**
 * Sends line {@code i} of {@code total} to partition {@code floor(i × n / total)}: each partition holds one
 * contiguous range of lines, in input order, so the outputs of partitions 0, 1, … concatenate into an output that
 * is line-aligned with the input, however the input was split.
 */
public final class IndexRanges extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;
    private final long total;

    public IndexRanges(int partitions, long total) {
        if (partitions < 1 || total < 0) {
            throw new IllegalArgumentException("need >= 1 partition and >= 0 lines, got " + partitions + ", " + total);
        }
        this.partitions = partitions;
        this.total = total;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        long index = (Long) key;
        if (total == 0) {
            return 0;
        }
        // monotonic in index (a product and quotient of non-negative doubles), so the ranges stay contiguous
        int p = (int) ((double) index * partitions / total);
        return Math.max(0, Math.min(partitions - 1, p));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexRanges r && r.partitions == partitions && r.total == total;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(total) * 31 + partitions;
    }
}
