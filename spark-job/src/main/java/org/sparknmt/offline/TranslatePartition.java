package org.sparknmt.offline;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.hadoop.SourcedLine;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.Translation;
import org.sparknmt.translate.Translator;
import scala.Tuple2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Translates one partition: a contiguous range of input lines, sorted by position. The partition's sentences are
 * decoded in batches of similar length by {@link Translator}, and the output lines come back in input order. The
 * network is leased from this JVM's {@link ExecutorModels}, so the bundle is read once per executor.
 */
final class TranslatePartition implements FlatMapFunction<Iterator<Tuple2<Long, SourcedLine>>, String> {
    private static final long serialVersionUID = 1L;
    private final DecodeSetup setup;
    private final TranslateCounters counters;

    TranslatePartition(DecodeSetup setup, TranslateCounters counters) {
        this.setup = setup;
        this.counters = counters;
    }

    @Override
    public Iterator<String> call(Iterator<Tuple2<Long, SourcedLine>> records) throws IOException {
        List<SourcedLine> lines = new ArrayList<>();
        records.forEachRemaining(r -> lines.add(r._2()));
        if (lines.isEmpty()) {
            return Collections.emptyIterator();
        }
        DecodeOptions options = setup.options();
        try (ExecutorModels.Lease lease = setup.lease()) {
            counters.bundleLoads.add(lease.loaded ? 1 : 0);
            counters.networkCopies.add(lease.copied ? 1 : 0);
            Translator translator = lease.translator(setup.batchSize(), setup.limit());
            List<int[]> sources = encode(translator, lines);
            List<List<Translation>> results = translator.translateEncoded(sources, options);
            List<String> out = new ArrayList<>(lines.size() * options.nBest());
            boolean tsv = options.nBest() > 1;
            for (int i = 0; i < lines.size(); i++) {
                OutputLines.emit(lines.get(i).index() + 1, results.get(i), tsv, out::add);
            }
            counters.lines.add(lines.size());
            counters.outputRecords.add(out.size());
            return out.iterator();
        }
    }

    private List<int[]> encode(Translator translator, List<SourcedLine> lines) {
        SourceLimit limit = setup.limit();
        List<int[]> sources = new ArrayList<>(lines.size());
        int examples = 0;
        for (SourcedLine line : lines) {
            int[] ids = translator.text().encodeSource(line.text());
            if (ids.length == 0) {
                counters.empty.add(1);
            }
            if (line.invalidUtf8()) {
                counters.invalidUtf8.add(1);
            }
            if (limit.exceeds(ids)) {
                counters.overlong.add(1);
                if (examples++ < TranslateCounters.EXAMPLES_PER_PARTITION) {
                    counters.overlongExamples.add(new TranslateCounters.Overlong(line.index(), where(line), ids.length));
                }
            }
            sources.add(limit.apply(ids, "input " + where(line)));
        }
        return sources;
    }

    private static String where(SourcedLine line) {
        return line.file() + ":" + line.line();
    }
}
