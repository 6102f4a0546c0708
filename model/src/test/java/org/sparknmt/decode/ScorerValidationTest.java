package org.sparknmt.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both decoders reject a scorer that breaks its side of the {@link StepScorer} contract, naming what is wrong. */
class ScorerValidationTest {

    static Stream<Decoder> decoders() {
        return Stream.of(new GreedyDecoder(), new BeamSearchDecoder());
    }

    /** A scorer of vocabulary {@code vocabSize} that answers every call with {@code answer(rows)}. */
    private static StepScorer constant(int vocabSize, IntFunction<float[]> answer) {
        return new StepScorer() {
            @Override
            public int vocabSize() {
                return vocabSize;
            }

            @Override
            public float[] logProbs(int[] lastTokens) {
                return answer.apply(lastTokens.length);
            }

            @Override
            public void select(int[] rows) {
            }
        };
    }

    private static float[] filled(int length, float value) {
        float[] out = new float[length];
        Arrays.fill(out, value);
        return out;
    }

    private static String failure(Decoder decoder, StepScorer scorer) {
        return assertThrows(IllegalStateException.class,
                () -> decoder.decode(scorer, new int[] {3, 3}, DecodeOptions.beam(2))).getMessage();
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void wrongLength(Decoder decoder) {
        assertEquals("scorer returned 15 log-probabilities for 2 rows × vocabSize 8, expected 16",
                failure(decoder, constant(8, rows -> filled(rows * 8 - 1, -1f))));
        assertEquals("scorer returned null for 2 rows × vocabSize 8, expected 16",
                failure(decoder, constant(8, rows -> null)));
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void nanOrPositiveInfinity(Decoder decoder) {
        assertEquals("scorer returned NaN for row 1, token 5: log-probabilities must be finite or -Infinity",
                failure(decoder, constant(8, rows -> {
                    float[] out = filled(rows * 8, -1f);
                    out[8 + 5] = Float.NaN;
                    return out;
                })));
        assertEquals("scorer returned Infinity for row 0, token 3: log-probabilities must be finite or -Infinity",
                failure(decoder, constant(8, rows -> {
                    float[] out = filled(rows * 8, -1f);
                    out[3] = Float.POSITIVE_INFINITY;
                    return out;
                })));
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void vocabularyWithoutRoomForTheSpecials(Decoder decoder) {
        assertEquals("scorer vocabSize must be >= 4 (PAD, UNK, BOS, EOS come first), got 3",
                assertThrows(IllegalArgumentException.class, () -> decoder.decode(
                        constant(3, rows -> filled(rows * 3, -1f)), new int[] {1}, DecodeOptions.greedy()))
                        .getMessage());
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void allMinusInfinityStillDecodesDeterministically(Decoder decoder) {
        List<List<Hypothesis>> out = decoder.decode(constant(5, rows -> filled(rows * 5, Float.NEGATIVE_INFINITY)), new int[] {0},
                new DecodeOptions(1, 1, 0.0, 1.0, 2));
        // every candidate ties at -Infinity: the lowest proposable id, UNK (1), wins every step up to max length 2
        assertEquals(List.of(List.of(new Hypothesis(new int[] {1, 1}, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY, false))), out);
    }
}
