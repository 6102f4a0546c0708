package org.sparknmt.prep;

import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * Writes a held-out split's text, line-aligned and in corpus order, for BLEU: {@code heldout/<split>.src/.tgt}
 * hold the normalised sentences the batches were made from; {@code heldout/<split>.raw.src/.raw.tgt} the lines as
 * read (references are scored on raw text, as sacreBLEU users expect). Streamed partition by partition to the
 * driver ({@code toLocalIterator}), never collected whole.
 */
final class HeldOut {
    private HeldOut() {
    }

    static void write(OutputDir out, Split split, JavaRDD<SubwordPair> fit) {
        // String[], not List.of: Spark's Kryo 4 cannot rebuild the JDK's immutable collections.
        Iterator<Tuple2<Long, String[]>> rows = fit.filter(p -> p.split() == split)
                .mapToPair(p -> new Tuple2<>(p.index(), new String[]{p.source(), p.target(), p.rawSource(), p.rawTarget()}))
                .sortByKey(true)
                .toLocalIterator();
        String s = split.dirName();
        String base = PrepLayout.heldOut(s, "*", false); // names the split's files in messages
        List<String> names = List.of(PrepLayout.heldOut(s, "src", false), PrepLayout.heldOut(s, "tgt", false),
                PrepLayout.heldOut(s, "src", true), PrepLayout.heldOut(s, "tgt", true));
        Writer[] writers = new Writer[names.size()];
        try {
            for (int i = 0; i < writers.length; i++) {
                writers[i] = new OutputStreamWriter(out.create(names.get(i)), StandardCharsets.UTF_8);
            }
            while (rows.hasNext()) {
                String[] texts = rows.next()._2();
                for (int i = 0; i < writers.length; i++) {
                    writers[i].write(texts[i]);
                    writers[i].write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write held-out text " + base, e);
        } finally {
            closeAll(writers, base);
        }
    }

    private static void closeAll(Writer[] writers, String base) {
        IOException first = null;
        for (Writer w : writers) {
            try {
                if (w != null) {
                    w.close();
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new UncheckedIOException("cannot finish held-out text " + base, first);
        }
    }
}
