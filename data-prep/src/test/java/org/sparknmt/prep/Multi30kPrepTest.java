package org.sparknmt.prep;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prep of Multi30k en-de train (two line-aligned files) from ../shared on local[2]. */
@ExtendWith(LocalSpark.class)
class Multi30kPrepTest {

    @Test
    void lineAlignedMulti30kAddsUpWithItsQuirksRepaired(JavaSparkContext sc, @TempDir Path tmp) {
        Path en = PrepFixtures.shared("corpora/multi30k-en-de/train.en");
        Path de = PrepFixtures.shared("corpora/multi30k-en-de/train.de");
        Path out = tmp.resolve("prep");
        PrepResult r = PrepFixtures.run(sc, PrepFixtures.parallel(en, de, out, "subword.merges=2000"));
        assertEquals(29_000, r.inputPairs());
        assertEquals(r.inputPairs(), r.kept() + r.droppedTotal());
        assertTrue(r.kept() > 28_500, "Multi30k is clean: almost everything is kept, got " + r.kept());
        // 44 lines of train.de have non-breaking spaces and line 7366 has a TAB inside the sentence.
        assertTrue(r.fixes().get(Fix.WHITESPACE) >= 45, "whitespace repairs counted: " + r.fixes());
        var m = PrepFixtures.manifest(out);
        assertEquals(r.kept(), m.at("/all/pairs").asLong());
        assertTrue(m.at("/all/paddingEfficiency").asDouble() > 0.8, "padding efficiency " + m.at("/all/paddingEfficiency"));
        assertEquals(0.0, m.at("/vocabulary/unknownRate/train/source").asDouble(), "no UNK in training data without limits");
    }
}
