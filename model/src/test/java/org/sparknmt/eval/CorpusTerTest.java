package org.sparknmt.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TER's edits, score and signature; expected edit counts are sacreBLEU 2.6.0's {@code translation_edit_rate}. */
class CorpusTerTest {

    @ParameterizedTest(name = "''{0}'' vs ''{1}'': {2} edits")
    @CsvSource(delimiter = '|', value = {
        "a b c d e | c d e a b | 1", // one shift of a block of three
        "the cat sat on the mat | on the mat the cat sat | 1",
        "a | a b c | 2",
        "'' | a b | 2",
        "a b | '' | 2", // no reference words: every hypothesis word is an edit
        "x y z | a b c | 3"})
    void editsAreSacreBleus(String hyp, String ref, long edits) {
        assertEquals(edits, TranslationEditRate.edits(PyStr.split(hyp).toArray(new String[0]),
                PyStr.split(ref).toArray(new String[0])));
    }

    @Test
    void shiftsMoveABlockBeforeTheTarget() {
        String[] w = {"a", "b", "c", "d", "e"};
        assertArrayEquals(new String[]{"c", "d", "a", "b", "e"}, TranslationEditRate.perform(w, 2, 2, 0));
        assertArrayEquals(new String[]{"b", "c", "a", "d", "e"}, TranslationEditRate.perform(w, 0, 1, 3));
        assertArrayEquals(w, TranslationEditRate.perform(w, 1, 2, 1));
    }

    @Test
    void scoreIsEditsPerReferenceWord() {
        TerScore s = CorpusTer.score(List.of("The cat on the mat sat.", "hello there world"),
                List.of("the cat sat on the mat.", "Hello world!"));
        // sacreBLEU 2.6.0: 62.5 (5 edits over 8 words; 'mat' and 'mat.' differ without normalization)
        assertEquals(5, s.numEdits());
        assertEquals(8, s.refLength());
        assertEquals("62.5000", s.formatScore(4));
        assertEquals("TER|nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:" + Signatures.VERSION
                + " = 62.50", s.formatWithSignature(2));
        assertEquals("TER = 62.50", s.format());
    }

    @Test
    void emptyReferencesScoreHundredOrZero() {
        assertEquals(100.0, CorpusTer.score(List.of("a"), List.of("")).score());
        assertEquals(0.0, CorpusTer.score(List.of(""), List.of("")).score());
        assertEquals(0.0, CorpusTer.score(List.of(), List.of()).score());
    }

    @Test
    void signatureNamesEveryOption() {
        assertEquals("nrefs:1|case:mixed|tok:tercom|norm:yes|punct:no|asian:yes|version:" + Signatures.VERSION,
                new TerOptions(true, true, true, true).signature());
    }

    @Test
    void mergedPartsScoreAsTheWhole() {
        List<String> hyps = List.of("a b c d", "the cat", "x y", "one two three");
        List<String> refs = List.of("c d a b", "a cat", "x y z", "three two one");
        TerStats whole = CorpusTer.stats(hyps, refs, TerOptions.DEFAULT);
        TerStats parts = CorpusTer.stats(hyps.subList(0, 2), refs.subList(0, 2), TerOptions.DEFAULT)
                .merge(CorpusTer.stats(hyps.subList(2, 4), refs.subList(2, 4), TerOptions.DEFAULT));
        assertEquals(whole.score(), parts.score());
        assertEquals(4, parts.segments());
        assertThrows(IllegalArgumentException.class, () -> whole.merge(new TerStats(new TerOptions(true, false,
                false, false))));
    }

    @Test
    void mismatchedInputsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CorpusTer.score(List.of("a"), List.of("a", "b")));
        assertEquals("hypotheses and references differ in line count: 1 hypotheses vs 2 references", e.getMessage());
    }
}
