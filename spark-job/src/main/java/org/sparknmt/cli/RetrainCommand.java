package org.sparknmt.cli;

import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.eval.BleuTokenizer;
import org.sparknmt.modeldir.ModelLock;
import org.sparknmt.prep.PrepConfig;
import org.sparknmt.retrain.RetrainConfig;
import org.sparknmt.retrain.Retrainer;
import org.sparknmt.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code spark-nmt retrain}: one run of the retraining pipeline ({@link Retrainer}). Exit codes a scheduler can
 * act on: 0 promoted, 3 not promoted (CURRENT untouched), 4 another run holds the model directory's lock, 2 a bad
 * option or input, 1 any other failure (CURRENT untouched).
 */
@Command(name = "retrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Retrain on new data warm-started from the promoted model; promote only if test BLEU improves.",
        footer = {"", "Exit codes: 0 promoted, 3 not promoted, 4 locked by another run, 2 bad input, 1 failed."})
public final class RetrainCommand implements Callable<Integer> {
    static final int NOT_PROMOTED = 3;
    static final int LOCKED = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--model-dir", required = true, paramLabel = "DIR", description = "Model directory (CURRENT, bundles/, history.jsonl); any Hadoop path.")
    String modelDir;

    @Option(names = "--prep-config", paramLabel = "FILE", description = "Prep config (input and, for a first model, BPE settings). Default: built-in defaults.")
    Path prepConfig;

    @Option(names = "--train-config", paramLabel = "FILE", description = "Train config (epochs, validation; the model section is taken from the current bundle). Default: built-in defaults.")
    Path trainConfig;

    @Option(names = "--input", paramLabel = "PATH", description = "New data as TSV (sets input.path). Default: the prep config's input.")
    String input;

    @Option(names = "--prep-set", paramLabel = "KEY=VALUE", description = "Override a prep key (repeatable).")
    List<String> prepSets = new ArrayList<>();

    @Option(names = "--train-set", paramLabel = "KEY=VALUE", description = "Override a train key (repeatable).")
    List<String> trainSets = new ArrayList<>();

    @Option(names = "--test-source", paramLabel = "FILE", description = "Fixed test set, source side; pinned into the model directory by the first run. Default: the pinned one.")
    String testSource;

    @Option(names = "--test-reference", paramLabel = "FILE", description = "Fixed test set, references. Default: the pinned one.")
    String testReference;

    @Option(names = "--margin", defaultValue = "0.5", description = "BLEU points the candidate must gain to be promoted. Default: ${DEFAULT-VALUE}.")
    double margin;

    @Option(names = "--beam", defaultValue = "1", description = "Beam size for scoring both models. Default: ${DEFAULT-VALUE}.")
    int beam;

    @Option(names = "--tokenize", paramLabel = "TOKENIZER", defaultValue = "13a",
            converter = BleuTokenizerNames.Converter.class, completionCandidates = BleuTokenizerNames.class,
            description = "BLEU tokenizer: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    BleuTokenizer tokenize;

    @Option(names = "--force", description = "Retrain even if the data is what the current model was trained on. Default: ${DEFAULT-VALUE}.")
    boolean force;

    @Option(names = "--lock-expiry-hours", defaultValue = "24", description = "Take over a lock older than this (its run is presumed gone). Default: ${DEFAULT-VALUE}.")
    double lockExpiryHours;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master when not run by spark-submit. Default: local[*].")
    String master;

    @Override
    public Integer call() throws Exception {
        ConfigTree prep = ConfigFiles.load(ConfigTree.defaults(PrepConfig.class, "prep-defaults.yaml"), prepConfig);
        if (input != null) {
            prep = prep.setString("input.format", "tsv").setString("input.path", input);
        }
        for (String s : prepSets) {
            prep = prep.set(s);
        }
        ConfigTree train = ConfigFiles.load(TrainConfig.defaults(), trainConfig);
        for (String s : trainSets) {
            train = train.set(s);
        }
        RetrainConfig cfg = new RetrainConfig(modelDir, prep, train, testSource, testReference, margin, beam, tokenize,
                force, Duration.ofMinutes(Math.round(lockExpiryHours * 60)));
        String url = master != null ? master : "local[*]";
        try (JavaSparkContext sc = SparkContexts.create("spark-nmt retrain", url)) {
            Retrainer.Result r = new Retrainer(sc, cfg).run();
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "%s: %s (CURRENT: %s)",
                    r.decision().name().toLowerCase(Locale.ROOT).replace('_', ' '), r.reason(), r.current()));
            spec.commandLine().getOut().flush();
            return r.decision() == Retrainer.Decision.PROMOTED ? 0 : NOT_PROMOTED;
        } catch (ModelLock.HeldException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return LOCKED;
        }
    }
}
