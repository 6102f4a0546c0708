package org.sparknmt.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sparknmt.decode.TableScorer.A;
import static org.sparknmt.decode.TableScorer.B;
import static org.sparknmt.decode.TableScorer.BOS;
import static org.sparknmt.decode.TableScorer.C;
import static org.sparknmt.decode.TableScorer.EOS;
import static org.sparknmt.decode.TableScorer.PAD;
import static org.sparknmt.decode.TableScorer.lp;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The stub itself: its select semantics and its contract checks, which the decoder tests rely on. */
class TableScorerTest {

    private static TableScorer.Table table() {
        return new TableBuilder().on("", "A .5 B .5").otherwise("C .25 EOS .75").build();
    }

    @Test
    void rowsCarryHistoriesThroughSelect() {
        TableScorer scorer = new TableScorer(2, table());
        float[] first = scorer.logProbs(new int[] {BOS, BOS});
        assertEquals(2 * TableScorer.VOCAB, first.length);
        assertEquals(lp(.5), first[A]);
        assertEquals(lp(.5), first[TableScorer.VOCAB + B]);
        assertEquals((float) Math.log(TableBuilder.FLOOR), first[C]);

        scorer.select(new int[] {1, 0, 0});
        float[] second = scorer.logProbs(new int[] {A, B, C});
        assertEquals(3 * TableScorer.VOCAB, second.length);
        assertEquals(lp(.75), second[EOS]);
        List<int[]> histories = scorer.histories();
        assertArrayEquals(new int[] {A}, histories.get(0));
        assertArrayEquals(new int[] {B}, histories.get(1));
        assertArrayEquals(new int[] {C}, histories.get(2));
        assertArrayEquals(new int[] {0, 1}, scorer.calls().get(0));
        assertArrayEquals(new int[] {1, 0, 0}, scorer.calls().get(1));
        assertEquals(1, scorer.selects().size());
        assertArrayEquals(new int[] {1, 0, 0}, scorer.selects().get(0));

        scorer.select(new int[] {2});
        scorer.logProbs(new int[] {A});
        assertArrayEquals(new int[] {C, A}, scorer.histories().get(0));
        assertArrayEquals(new int[] {0}, scorer.calls().get(2));
    }

    @Test
    void failsOnContractViolations() {
        TableScorer scorer = new TableScorer(2, table());
        assertThrows(AssertionError.class, () -> scorer.logProbs(new int[0]));
        assertThrows(AssertionError.class, () -> scorer.logProbs(new int[] {BOS}));
        assertThrows(AssertionError.class, () -> scorer.logProbs(new int[] {BOS, A}));
        scorer.logProbs(new int[] {BOS, BOS});
        assertThrows(AssertionError.class, () -> scorer.logProbs(new int[] {A, EOS}));
        assertThrows(AssertionError.class, () -> scorer.logProbs(new int[] {A, BOS}));
        assertThrows(AssertionError.class, () -> scorer.logProbs(new int[] {PAD, A}));
        assertThrows(AssertionError.class, () -> scorer.select(new int[] {0, 2}));
        assertThrows(AssertionError.class, () -> scorer.select(new int[] {-1}));
        TableScorer.Table strict = new TableBuilder().on("", "A 1").build();
        assertEquals(lp(1), strict.next(0, new int[0])[A]);
        assertThrows(AssertionError.class, () -> strict.next(0, new int[] {A}));
    }
}
