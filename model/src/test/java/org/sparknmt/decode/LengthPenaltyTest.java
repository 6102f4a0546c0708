package org.sparknmt.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LengthPenaltyTest {

    @Test
    void gnmtValues() {
        assertEquals(1.0, LengthPenalty.OFF.of(0));
        assertEquals(1.0, LengthPenalty.OFF.of(37));
        assertEquals(1.0, new LengthPenalty(1.0).of(1));
        assertEquals(2.0, new LengthPenalty(1.0).of(7));
        assertEquals(4.0, new LengthPenalty(2.0).of(7));
        assertEquals(Math.pow(4.0 / 3.0, 0.6), new LengthPenalty(0.6).of(3), 1e-15);
        assertEquals(-1.5, new LengthPenalty(1.0).score(-3.0, 7));
        assertEquals(-3.0, LengthPenalty.OFF.score(-3.0, 7));
    }

    @Test
    void longerHypothesesAreFavouredWhenAlphaIsPositive() {
        LengthPenalty lp = new LengthPenalty(0.6);
        assertEquals(-2.0, lp.score(-2.0, 1));
        double shorter = lp.score(-2.0, 4);
        double longer = lp.score(-2.0, 9);
        assertTrue(-2.0 < shorter && shorter < longer, shorter + " " + longer);
    }

    @Test
    void validation() {
        assertEquals("length penalty alpha must be finite and >= 0 (0 = off), got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new LengthPenalty(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LengthPenalty(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new LengthPenalty(Double.POSITIVE_INFINITY));
        assertEquals("length must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> LengthPenalty.OFF.of(-1)).getMessage());
    }
}
