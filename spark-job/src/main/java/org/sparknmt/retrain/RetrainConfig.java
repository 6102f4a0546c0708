package org.sparknmt.retrain;

import org.sparknmt.config.Checks;
import org.sparknmt.config.ConfigException;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.eval.BleuTokenizer;

import java.time.Duration;

/**
 * One retraining run.
 *
 * @param modelDir      the model directory (CURRENT, bundles/, history.jsonl, testset/, work/)
 * @param prep          the prep config, fully layered (input, cleaning, BPE settings for a first model)
 * @param train         the train config, fully layered (model, epochs, ...)
 * @param testSource    fixed test set, source side ("" = the one pinned in the model directory)
 * @param testReference fixed test set, references
 * @param margin        BLEU points the candidate must gain over the current model to be promoted
 * @param beam          beam size for the test-set translations of both models
 * @param tokenize      BLEU tokenizer of the test-set score
 * @param force         retrain even when the data equals what the current model was trained on
 * @param lockExpiry    a lock older than this is taken over (its run is presumed gone)
 */
public record RetrainConfig(String modelDir, ConfigTree prep, ConfigTree train, String testSource, String testReference,
                            double margin, int beam, BleuTokenizer tokenize, boolean force, Duration lockExpiry) {
    public RetrainConfig {
        Checks.notBlank("--model-dir", modelDir);
        testSource = testSource == null ? "" : testSource;
        testReference = testReference == null ? "" : testReference;
        if (testSource.isEmpty() != testReference.isEmpty()) {
            throw new ConfigException("give both --test-source and --test-reference, or neither (then the test set"
                    + " pinned in the model directory by the first run is used)");
        }
        Checks.inRange("--margin", margin, 0.0, 100.0);
        Checks.atLeast("--beam", beam, 1);
        if (tokenize == null) {
            throw ConfigException.invalid("--tokenize", null, "allowed: " + BleuTokenizer.names());
        }
    }
}
