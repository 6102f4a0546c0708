package org.sparknmt.prep;

import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Writes a held-out split's text ({@code heldout/<split>.src} and {@code .tgt}, line-aligned, in corpus order) for
 * BLEU. The text is the normalised sentence, the same text the batches were made from. Streamed partition by
 * partition to the driver ({@code toLocalIterator}), never collected whole.
 */
final class HeldOut {
    private HeldOut() {
    }

    static void write(OutputDir out, Split split, JavaRDD<SubwordPair> fit) {
        Iterator<Tuple2<Long, Tuple2<String, String>>> rows = fit.filter(p -> p.split() == split)
                .mapToPair(p -> new Tuple2<>(p.index(), new Tuple2<>(p.source(), p.target())))
                .sortByKey(true)
                .toLocalIterator();
        String base = "heldout/" + split.dirName();
        try (Writer src = new OutputStreamWriter(out.create(base + ".src"), StandardCharsets.UTF_8);
             Writer tgt = new OutputStreamWriter(out.create(base + ".tgt"), StandardCharsets.UTF_8)) {
            while (rows.hasNext()) {
                Tuple2<String, String> st = rows.next()._2();
                src.write(st._1());
                src.write('\n');
                tgt.write(st._2());
                tgt.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write held-out text " + base, e);
        }
    }
}
