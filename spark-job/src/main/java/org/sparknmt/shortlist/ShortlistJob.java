package org.sparknmt.shortlist;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.decode.Cooccurrences;
import org.sparknmt.decode.Shortlist;
import org.sparknmt.train.PrepOutput;
import org.sparknmt.train.TrainException;

import java.util.List;

/**
 * Learns a vocabulary {@link Shortlist} from a prep output's training batches: each Spark task counts the sentence
 * pairs of its batch files ({@link CountPairs}), the partial counts are tree-reduced, and the driver picks each
 * source token's targets by Dice coefficient.
 *
 * @param perSource target tokens kept per source token
 * @param frequent  most frequent target tokens every batch gets
 */
public record ShortlistJob(int perSource, int frequent) {

    public ShortlistJob {
        if (perSource < 1 || frequent < 0) {
            throw new IllegalArgumentException("perSource must be >= 1 and frequent >= 0, got " + perSource + ", "
                    + frequent);
        }
    }

    /** What was learnt and from how much. */
    public record Result(Shortlist shortlist, long pairs, int batchFiles) {
    }

    public Result run(JavaSparkContext sc, PrepOutput prep, Configuration conf) {
        List<String> batches = prep.batches("train", conf);
        if (batches.isEmpty()) {
            throw new TrainException("no training batches under " + prep.dir() + ": run 'spark-nmt prep' first");
        }
        int source = prep.sourceVocab().size();
        int target = prep.targetVocab().size();
        int slices = Math.min(batches.size(), Math.max(1, sc.defaultParallelism() * 2));
        Cooccurrences counts = sc.parallelize(batches, slices)
                .mapPartitions(new CountPairs(conf, source, target))
                .treeReduce(Cooccurrences::merge);
        Shortlist shortlist = counts.shortlist(perSource, frequent,
                Cooccurrences.sameTokens(prep.sourceVocab(), prep.targetVocab()));
        return new Result(shortlist, counts.pairs(), batches.size());
    }
}
