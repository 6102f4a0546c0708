package org.sparknmt.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrainingStateTest {

    @Test
    void startsAtZeroWithoutAValidationScore() {
        TrainingState s = TrainingState.start(42);
        assertEquals(new TrainingState(0, 0, 0, Double.NaN, 42), s);
        assertTrue(Double.isNaN(s.bestValidationScore()));
    }

    @Test
    void rejectsImpossibleValues() {
        assertEquals("epoch must be >= 0, was -1",
                assertThrows(IllegalArgumentException.class, () -> new TrainingState(-1, 0, 0, 1, 1)).getMessage());
        assertEquals("step must be >= 0, was -2",
                assertThrows(IllegalArgumentException.class, () -> new TrainingState(0, -2, 0, 1, 1)).getMessage());
        assertEquals("batchesInEpoch must be >= 0, was -3",
                assertThrows(IllegalArgumentException.class, () -> new TrainingState(0, 0, -3, 1, 1)).getMessage());
        assertEquals("bestValidationScore must be finite, or NaN before the first validation, was Infinity",
                assertThrows(IllegalArgumentException.class, () -> new TrainingState(0, 0, 0, Double.POSITIVE_INFINITY, 1))
                        .getMessage());
    }

    @Test
    void jsonRoundTripKeepsNaNAndExtremes() throws IOException {
        for (TrainingState s : new TrainingState[] {TrainingState.start(-7), new TrainingState(Integer.MAX_VALUE, Long.MAX_VALUE,
                Long.MAX_VALUE, 99.99, Long.MIN_VALUE)}) {
            String json = new String(Json.write(s), StandardCharsets.UTF_8);
            assertEquals(s, Json.read(json, TrainingState.class));
        }
        assertTrue(new String(Json.write(TrainingState.start(1)), StandardCharsets.UTF_8)
                .contains("\"bestValidationScore\" : \"NaN\""));
    }

    @Test
    void jsonReadingIsStrict() {
        assertThrows(IOException.class, () -> Json.read("{\"epoch\":1,\"step\":2,\"batchesInEpoch\":0,\"seed\":3}",
                TrainingState.class), "a missing field is not silently 0");
        assertThrows(IOException.class, () -> Json.read("{\"epoch\":1,\"step\":2,\"batchesInEpoch\":0,"
                + "\"bestValidationScore\":null,\"seed\":3}", TrainingState.class));
        assertThrows(IOException.class, () -> Json.read("{\"epoch\":1,\"step\":2,\"batchesInEpoch\":0,"
                + "\"bestValidationScore\":1,\"seed\":3,\"extra\":1}", TrainingState.class));
        assertThrows(IOException.class, () -> Json.read("{\"epoch\":1,\"step\":2,\"batchesInEpoch\":0,"
                + "\"bestValidationScore\":1,\"seed\":3} {}", TrainingState.class));
    }
}
