package org.sparknmt.prep;

import org.apache.spark.Partitioner;
import org.sparknmt.batch.LengthBucketer;

import java.util.Objects;

/**
 * Sends every pair of one length-bucket group ({@link LengthBucketer#group}: all buckets of one source length step) to
 * the same partition, so batches are cut from whole groups and come out the same for any partition count. The
 * parallelism of batch writing is at most the number of groups ({@code ceil((maxSubwords + 1) / bucketWidth)}).
 */
public final class BucketPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;
    private final LengthBucketer bucketer;

    public BucketPartitioner(int partitions, LengthBucketer bucketer) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.partitions = partitions;
        this.bucketer = Objects.requireNonNull(bucketer, "bucketer");
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return Math.floorMod(Integer.hashCode(bucketer.group(((BatchKey) key).bucket())) * 0x9E3779B1, partitions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BucketPartitioner b && b.partitions == partitions && b.bucketer.equals(bucketer);
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}
