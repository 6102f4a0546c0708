package org.sparknmt.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sparknmt.decode.TableScorer.A;
import static org.sparknmt.decode.TableScorer.B;
import static org.sparknmt.decode.TableScorer.UNK;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class HypothesisTest {

    @Test
    void arraysAreCopiedBothWays() {
        int[] tokens = {A, B};
        Hypothesis h = new Hypothesis(tokens, -1.0, -1.0, true);
        tokens[0] = UNK;
        h.tokens()[1] = UNK;
        assertArrayEquals(new int[] {A, B}, h.tokens());
        assertEquals(A, h.tokenAt(0));
    }

    @Test
    void stepsCountTheEosOnlyWhenFinished() {
        assertEquals(3, new Hypothesis(new int[] {A, B}, -1, -1, true).steps());
        assertEquals(2, new Hypothesis(new int[] {A, B}, -1, -1, false).steps());
        assertEquals(1, new Hypothesis(new int[0], -1, -1, true).steps());
    }

    @Test
    void scoredAppliesThePenaltyToTheSteps() {
        LengthPenalty lp = new LengthPenalty(1.0);
        assertEquals(new Hypothesis(new int[] {A}, -3.0, -3.0 / (7.0 / 6.0), true),
                Hypothesis.scored(new int[] {A}, -3.0, true, lp));
        assertEquals(new Hypothesis(new int[] {A}, -3.0, -3.0, false),
                Hypothesis.scored(new int[] {A}, -3.0, false, lp));
    }

    @Test
    void equalityIsByValue() {
        Hypothesis h = new Hypothesis(new int[] {A, B}, -1.5, -1.0, true);
        assertEquals(h, new Hypothesis(new int[] {A, B}, -1.5, -1.0, true));
        assertEquals(h.hashCode(), new Hypothesis(new int[] {A, B}, -1.5, -1.0, true).hashCode());
        assertNotEquals(h, new Hypothesis(new int[] {A, B}, -1.5, -1.0, false));
        assertNotEquals(h, new Hypothesis(new int[] {A, A}, -1.5, -1.0, true));
        assertNotEquals(h, new Hypothesis(new int[] {A, B}, -1.5, -1.1, true));
        assertEquals("Hypothesis[tokens=[4, 5], logProb=-1.5, score=-1.0, finished=true]", h.toString());
    }

    @Test
    void validation() {
        assertEquals("tokens[1] = 3 is invalid: ids must be >= 0 and not PAD, BOS or EOS", assertThrows(
                IllegalArgumentException.class, () -> new Hypothesis(new int[] {A, 3}, -1, -1, true)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Hypothesis(new int[] {2}, -1, -1, true));
        assertThrows(IllegalArgumentException.class, () -> new Hypothesis(new int[] {0}, -1, -1, true));
        assertThrows(IllegalArgumentException.class, () -> new Hypothesis(new int[] {-4}, -1, -1, true));
        assertThrows(NullPointerException.class, () -> new Hypothesis(null, -1, -1, true));
        assertEquals("logProb must not be NaN", assertThrows(IllegalArgumentException.class,
                () -> new Hypothesis(new int[0], Double.NaN, -1, true)).getMessage());
        assertEquals("score must not be NaN", assertThrows(IllegalArgumentException.class,
                () -> new Hypothesis(new int[0], -1, Double.NaN, true)).getMessage());
    }

    @Test
    void bestFirstIsScoreThenLowerEmittedIds() {
        Hypothesis best = new Hypothesis(new int[] {B, B, B}, -5.0, -0.5, false);
        Hypothesis unk = new Hypothesis(new int[] {A, UNK}, -1.0, -1.0, false); // emits A UNK
        Hypothesis shortFinished = new Hypothesis(new int[] {A}, -1.0, -1.0, true); // emits A EOS
        Hypothesis prefix = new Hypothesis(new int[] {A}, -1.0, -1.0, false); // emits A
        Hypothesis longFinished = new Hypothesis(new int[] {A, B}, -1.0, -1.0, true); // emits A B EOS
        Hypothesis worst = new Hypothesis(new int[0], -2.0, -2.0, true);
        List<Hypothesis> list = new ArrayList<>(List.of(worst, longFinished, shortFinished, best, unk, prefix));
        list.sort(Hypothesis.BEST_FIRST);
        assertEquals(List.of(best, prefix, unk, shortFinished, longFinished, worst), list);
    }
}
