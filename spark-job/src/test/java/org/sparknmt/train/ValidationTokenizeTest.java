package org.sparknmt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sparknmt.config.ConfigException;
import org.sparknmt.retrain.RetrainConfig;

/** Validation and retrain BLEU take every tokenizer {@code evaluate} has, by its sacreBLEU name. */
class ValidationTokenizeTest {
    @Test
    void everyTokenizerIsAccepted() {
        for (String name : new String[]{"13a", "zh", "none", "intl", "char"}) {
            assertEquals(name, new TrainConfig.Validation(10, 1, name, 0, 0, 0.5).tokenize());
            assertEquals(name, retrain(name).tokenize());
        }
    }

    @Test
    void unknownTokenizersAreRefusedWithTheChoices() {
        ConfigException v = assertThrows(ConfigException.class,
                () -> new TrainConfig.Validation(10, 1, "ja-mecab", 0, 0, 0.5));
        assertTrue(v.getMessage().contains("validation.tokenize") && v.getMessage().contains("13a, zh, none, intl, char"),
                v.getMessage());
        ConfigException r = assertThrows(ConfigException.class, () -> retrain("ja-mecab"));
        assertTrue(r.getMessage().contains("--tokenize") && r.getMessage().contains("intl"), r.getMessage());
    }

    private static RetrainConfig retrain(String tokenize) {
        return new RetrainConfig("models/x", null, null, "", "", 0.5, 1, tokenize, false, Duration.ofHours(1));
    }
}
