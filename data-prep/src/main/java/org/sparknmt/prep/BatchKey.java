package org.sparknmt.prep;

import java.io.Serializable;

/** Sort key of a pair before batching: its length bucket, then its corpus position (deterministic order). */
public record BatchKey(int bucket, long index) implements Comparable<BatchKey>, Serializable {
    @Override
    public int compareTo(BatchKey o) {
        int c = Integer.compare(bucket, o.bucket);
        return c != 0 ? c : Long.compare(index, o.index);
    }
}
