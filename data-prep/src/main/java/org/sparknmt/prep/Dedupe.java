package org.sparknmt.prep;

import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.List;

/**
 * Marks exact duplicate pairs (equal after normalisation on both sides): the pair that came first in the corpus
 * stays, every later copy becomes {@link DropReason#DUPLICATE}. Dropped pairs pass through untouched, so every
 * input pair still has exactly one outcome.
 */
final class Dedupe {
    private Dedupe() {
    }

    static JavaRDD<CleanPair> mark(JavaRDD<CleanPair> outcomes, int partitions) {
        JavaRDD<CleanPair> droppedAlready = outcomes.filter(p -> !p.kept());
        JavaRDD<CleanPair> kept = outcomes.filter(CleanPair::kept)
                .mapToPair(p -> new Tuple2<>(p.pairKey(), p))
                .groupByKey(partitions)
                .flatMap(group -> firstKept(group._2()).iterator());
        return droppedAlready.union(kept);
    }

    private static List<CleanPair> firstKept(Iterable<CleanPair> copies) {
        CleanPair first = null;
        List<CleanPair> out = new ArrayList<>(1);
        for (CleanPair p : copies) {
            if (first == null || p.index() < first.index()) {
                first = p;
            }
        }
        for (CleanPair p : copies) {
            out.add(p == first ? p : p.markDuplicate());
        }
        return out;
    }
}
