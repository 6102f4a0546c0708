package org.sparknmt.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparknmt.cli.SparkNmt;
import org.sparknmt.config.ConfigException;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.eval.BleuTokenizer;
import picocli.CommandLine;

/**
 * Validation (config key) and retrain (option) BLEU take every tokenizer {@code evaluate} has, by its sacreBLEU name,
 * as the enum itself: the config binder and the command line convert, nobody else parses the name.
 */
class ValidationTokenizeTest {
    @Test
    void everyTokenizerIsAcceptedByItsSacreBleuName() {
        for (BleuTokenizer t : BleuTokenizer.values()) {
            String name = t.sacreBleuName();
            assertEquals(t, config().set("validation.tokenize=" + name).bind(TrainConfig.class).validation().tokenize());
            assertEquals(t, config().set("validation.tokenize=" + name.toUpperCase()).bind(TrainConfig.class)
                    .validation().tokenize(), "case-insensitive");
            assertEquals(t, retrainTokenize("--tokenize", name));
        }
        assertEquals(BleuTokenizer.MTEVAL_13A, retrainTokenize(), "retrain's default");
        assertEquals("13a", config().bind(TrainConfig.class).validation().tokenize().sacreBleuName());
    }

    @Test
    void aResolvedConfigWritesTheSacreBleuName() {
        ConfigTree tree = config().set("validation.tokenize=intl");
        assertTrue(tree.toYaml().contains("tokenize: \"intl\"") || tree.toYaml().contains("tokenize: intl"), tree.toYaml());
    }

    @Test
    void unknownTokenizersAreRefusedWithTheKeyAndTheChoices() {
        ConfigException v = assertThrows(ConfigException.class,
                () -> config().set("validation.tokenize=ja-mecab").bind(TrainConfig.class));
        assertTrue(v.getMessage().startsWith("validation.tokenize: ") && v.getMessage().contains("13a, zh, none, intl, char"),
                v.getMessage());
        CommandLine.ParameterException r = assertThrows(CommandLine.ParameterException.class,
                () -> retrainTokenize("--tokenize", "ja-mecab"));
        assertTrue(r.getMessage().contains("--tokenize") && r.getMessage().contains("intl"), r.getMessage());
    }

    private static ConfigTree config() {
        return TrainConfig.defaults().setString("prep", "p").setString("run", "r");
    }

    private static BleuTokenizer retrainTokenize(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "retrain";
        all[1] = "--model-dir";
        all[2] = "models/x";
        System.arraycopy(args, 0, all, 3, args.length);
        CommandLine.ParseResult parsed = SparkNmt.commandLine().parseArgs(all);
        return parsed.subcommand().matchedOptionValue("--tokenize", BleuTokenizer.MTEVAL_13A);
    }
}
