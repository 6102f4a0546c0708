package org.sparknmt.offline;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;

/**
 * What the translation tasks report to the driver. The tasks that update them are the job's result tasks, whose
 * updates Spark merges once per partition even when a task is retried, so the final values are exact; while the
 * job runs they grow as partitions finish (the progress log reads {@link #lines}).
 */
final class TranslateCounters implements Serializable {
    private static final long serialVersionUID = 1L;
    /** First overlong lines kept per partition as examples. */
    static final int EXAMPLES_PER_PARTITION = 5;

    final LongAccumulator lines;
    final LongAccumulator empty;
    final LongAccumulator overlong;
    final LongAccumulator invalidUtf8;
    final LongAccumulator outputRecords;
    final LongAccumulator bundleLoads;
    final LongAccumulator networkCopies;
    final CollectionAccumulator<Overlong> overlongExamples;

    TranslateCounters(JavaSparkContext sc) {
        lines = sc.sc().longAccumulator("translate: lines");
        empty = sc.sc().longAccumulator("translate: empty lines");
        overlong = sc.sc().longAccumulator("translate: overlong lines");
        invalidUtf8 = sc.sc().longAccumulator("translate: invalid UTF-8 lines");
        outputRecords = sc.sc().longAccumulator("translate: output records");
        bundleLoads = sc.sc().longAccumulator("translate: bundle loads on executors");
        networkCopies = sc.sc().longAccumulator("translate: network copies");
        overlongExamples = sc.sc().collectionAccumulator("translate: overlong examples");
    }

    /** An overlong line: its position among all input lines, {@code file:line}, and its subword count. */
    record Overlong(long index, String where, int subwords) implements Serializable {
        @Override
        public String toString() {
            return where + " (" + subwords + " subwords)";
        }
    }

    /** Up to {@code max} overlong examples, in input order. */
    List<Overlong> examples(int max) {
        return overlongExamples.value().stream().sorted(Comparator.comparingLong(Overlong::index)).limit(max).toList();
    }
}
