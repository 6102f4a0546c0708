package org.sparknmt.prep;

import org.apache.spark.Partitioner;

/** Sends every pair of one length bucket to the same partition, so batches are cut from whole buckets. */
public final class BucketPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    public BucketPartitioner(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return Math.floorMod(Integer.hashCode(((BatchKey) key).bucket()) * 0x9E3779B1, partitions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BucketPartitioner b && b.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}
