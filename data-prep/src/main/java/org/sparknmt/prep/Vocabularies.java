package org.sparknmt.prep;

import org.apache.spark.api.java.JavaRDD;
import org.sparknmt.vocab.Vocabulary;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Source and target vocabularies counted over the training split's subwords (shared: one table for both). */
record Vocabularies(Vocabulary source, Vocabulary target, boolean shared) {

    static Vocabularies build(JavaRDD<SubwordPair> fit, PrepConfig.Vocab cfg) {
        JavaRDD<SubwordPair> train = fit.filter(p -> p.split() == Split.TRAIN);
        if (cfg.shared()) {
            Map<String, Long> counts = count(train.flatMap(p -> {
                List<String> all = new ArrayList<>(Arrays.asList(p.sourcePieces()));
                all.addAll(Arrays.asList(p.targetPieces()));
                return all.iterator();
            }));
            Vocabulary v = Vocabulary.build(counts, cfg.minCount(), cfg.maxSize());
            return new Vocabularies(v, v, true);
        }
        Map<String, Long> source = count(train.flatMap(p -> Arrays.asList(p.sourcePieces()).iterator()));
        Map<String, Long> target = count(train.flatMap(p -> Arrays.asList(p.targetPieces()).iterator()));
        return new Vocabularies(Vocabulary.build(source, cfg.minCount(), cfg.maxSize()),
                Vocabulary.build(target, cfg.minCount(), cfg.maxSize()), false);
    }

    private static Map<String, Long> count(JavaRDD<String> pieces) {
        return new HashMap<>(pieces.mapToPair(w -> new Tuple2<>(w, 1L)).reduceByKey(Long::sum).collectAsMap());
    }

    /** Both files are always written (identical when shared), so readers need no special case. */
    void write(OutputDir out) {
        out.writeText(PrepLayout.VOCAB_SOURCE, source::write);
        out.writeText(PrepLayout.VOCAB_TARGET, target::write);
    }
}
