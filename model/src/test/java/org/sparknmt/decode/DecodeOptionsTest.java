package org.sparknmt.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecodeOptionsTest {

    @Test
    void presets() {
        assertEquals(new DecodeOptions(1, 1, 0.0, 1.5, 5), DecodeOptions.greedy());
        assertEquals(new DecodeOptions(4, 1, 0.6, 1.5, 5), DecodeOptions.beam(4));
        assertEquals(new DecodeOptions(4, 3, 0.6, 1.5, 5), DecodeOptions.beam(4).withNBest(3));
        assertEquals(new DecodeOptions(4, 1, 1.0, 1.5, 5), DecodeOptions.beam(4).withLengthPenalty(1.0));
        assertEquals(new DecodeOptions(4, 1, 0.6, 2.0, 0), DecodeOptions.beam(4).withMaxLength(2.0, 0));
        assertEquals(new LengthPenalty(0.6), DecodeOptions.beam(4).penalty());
    }

    @Test
    void ofPicksGreedyForBeamOneAndBeamSearchOtherwise() {
        assertEquals(DecodeOptions.greedy(), DecodeOptions.of(1, 1));
        assertEquals(DecodeOptions.beam(4).withNBest(3), DecodeOptions.of(4, 3));
        assertInstanceOf(GreedyDecoder.class, DecodeOptions.of(1, 1).decoder());
        assertInstanceOf(BeamSearchDecoder.class, DecodeOptions.of(2, 1).decoder());
        assertEquals("beam size must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> DecodeOptions.of(0, 1)).getMessage());
        assertEquals("n-best must be between 1 and the beam size (1), got 2",
                assertThrows(IllegalArgumentException.class, () -> DecodeOptions.of(1, 2)).getMessage());
        assertEquals("n-best must be between 1 and the beam size (3), got 4",
                assertThrows(IllegalArgumentException.class, () -> DecodeOptions.of(3, 4)).getMessage());
        assertEquals("n-best must be between 1 and the beam size (3), got 0",
                assertThrows(IllegalArgumentException.class, () -> DecodeOptions.of(3, 0)).getMessage());
    }

    @ParameterizedTest(name = "ratio {0}, offset {1}, source {2} -> {3}")
    @CsvSource({
        "1.5, 5, 0, 5",
        "1.5, 5, 1, 6",
        "1.5, 5, 3, 9",
        "1.5, 5, 10, 20",
        "0.5, 0, 0, 1",
        "0.5, 0, 1, 1",
        "0.5, 0, 3, 1",
        "0.5, 0, 4, 2",
        "1e300, 0, 2, 2147483647",
        "1.0, 2147483647, 5, 2147483647"
    })
    void maxLength(double ratio, int offset, int sourceLength, int expected) {
        assertEquals(expected, new DecodeOptions(1, 1, 0.0, ratio, offset).maxLength(sourceLength));
    }

    private static String rejected(int beamSize, int nBest, double alpha, double ratio, int offset) {
        return assertThrows(IllegalArgumentException.class,
                () -> new DecodeOptions(beamSize, nBest, alpha, ratio, offset)).getMessage();
    }

    @Test
    void validationNamesTheFieldTheValueAndTheRange() {
        assertEquals("beam size must be >= 1, got 0", rejected(0, 1, 0, 1, 0));
        assertEquals("n-best must be between 1 and the beam size (2), got 3", rejected(2, 3, 0, 1, 0));
        assertEquals("n-best must be between 1 and the beam size (2), got 0", rejected(2, 0, 0, 1, 0));
        assertEquals("lengthPenalty (alpha) must be finite and >= 0 (0 = off), got -0.1", rejected(1, 1, -0.1, 1, 0));
        assertEquals("lengthPenalty (alpha) must be finite and >= 0 (0 = off), got NaN",
                rejected(1, 1, Double.NaN, 1, 0));
        assertEquals("lengthPenalty (alpha) must be finite and >= 0 (0 = off), got Infinity",
                rejected(1, 1, Double.POSITIVE_INFINITY, 1, 0));
        assertEquals("maxLengthRatio must be finite and > 0, got 0.0", rejected(1, 1, 0, 0, 0));
        assertEquals("maxLengthRatio must be finite and > 0, got NaN", rejected(1, 1, 0, Double.NaN, 0));
        assertEquals("maxLengthRatio must be finite and > 0, got Infinity",
                rejected(1, 1, 0, Double.POSITIVE_INFINITY, 0));
        assertEquals("maxLengthOffset must be >= 0, got -1", rejected(1, 1, 0, 1, -1));
        assertEquals("beam size must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> DecodeOptions.beam(0)).getMessage());
        assertEquals("sourceLength must be >= 0, got -2",
                assertThrows(IllegalArgumentException.class, () -> DecodeOptions.greedy().maxLength(-2))
                        .getMessage());
    }
}
