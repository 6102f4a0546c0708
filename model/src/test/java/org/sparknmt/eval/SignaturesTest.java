package org.sparknmt.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Signatures: sacreBLEU's fields, our version. */
class SignaturesTest {

    @Test
    void versionNamesThisImplementationAndTheSacreBleuItFollows() {
        assertEquals("spark-nmt-eval-1+sacrebleu-2.6.0", Signatures.VERSION);
        // sacreBLEU-style parsers split on '|' and ':'
        assertFalse(Signatures.VERSION.contains("|") || Signatures.VERSION.contains(":"));
    }

    @Test
    void bleuSignatureFields() {
        assertEquals("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:spark-nmt-eval-1+sacrebleu-2.6.0",
                BleuOptions.DEFAULT.signature());
        assertEquals("nrefs:1|case:lc|eff:yes|tok:zh|smooth:exp|version:spark-nmt-eval-1+sacrebleu-2.6.0",
                new BleuOptions(BleuTokenizer.ZH, true, true).signature());
    }

    @Test
    void chrfSignatureFields() {
        assertEquals("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:spark-nmt-eval-1+sacrebleu-2.6.0",
                ChrfOptions.DEFAULT.signature());
        assertEquals("nrefs:1|case:lc|eff:no|nc:4|nw:2|space:yes|version:spark-nmt-eval-1+sacrebleu-2.6.0",
                new ChrfOptions(4, 2, 3, true, true, true).signature());
        assertEquals("chrF3++", new ChrfOptions(4, 2, 3, true, true, true).metricName());
    }

    @Test
    void shortFormUsesSacreBleusAbbreviations() {
        assertEquals("#:1|c:mixed|e:no|tok:13a|s:exp|v:spark-nmt-eval-1+sacrebleu-2.6.0",
                Signatures.shorten(BleuOptions.DEFAULT.signature()));
        assertEquals("#:1|c:mixed|e:yes|nc:6|nw:0|s:no|v:spark-nmt-eval-1+sacrebleu-2.6.0",
                Signatures.shorten(ChrfOptions.DEFAULT.signature()));
    }
}
