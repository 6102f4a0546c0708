package org.sparknmt.cli;

import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.train.TrainConfig;
import org.sparknmt.train.Trainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code spark-nmt train}: parse → validate → train with parameter averaging → print where the results are. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the Seq2Seq model on prep output with DL4J parameter averaging on Spark.",
        footer = {"", "Every key of the YAML config (see conf/train-*.yaml; model keys under 'model:') can be set with"
                + " --set key.path=value, e.g. --set model.hidden=256."})
public final class TrainCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Option(names = "--prep", paramLabel = "DIR", description = "Prep output directory. Default: prep of the config.")
    String prep;

    @Option(names = "--run", paramLabel = "DIR", description = "Run directory. Default: run of the config.")
    String run;

    @ArgGroup(exclusive = true)
    RunMode runMode = new RunMode();

    static final class RunMode {
        @Option(names = "--resume", description = "Continue the run from its latest readable checkpoint. Default: ${DEFAULT-VALUE}.")
        boolean resume;

        @Option(names = "--overwrite", description = "Delete an existing run directory first. Default: ${DEFAULT-VALUE}.")
        boolean overwrite;
    }

    @Mixin
    StageOptions stage = new StageOptions();

    @Override
    public Integer call() throws Exception {
        ConfigTree tree = stage.resolve(TrainConfig.defaults(), t -> {
            ConfigTree own = prep == null ? t : t.setString("prep", prep);
            return run == null ? own : own.setString("run", run);
        });
        TrainConfig cfg = tree.bind(TrainConfig.class);
        LOG.info("resolved train config:\n{}", tree.toYaml());
        Trainer.Mode mode = runMode.resume ? Trainer.Mode.RESUME : runMode.overwrite ? Trainer.Mode.OVERWRITE : Trainer.Mode.FRESH;
        try (MemorySampler memory = MemorySampler.start();
             JavaSparkContext sc = SparkContexts.create("spark-nmt train", cfg.master())) {
            Trainer.Result r = new Trainer(sc, cfg, tree, mode).run();
            System.out.println("trained " + r.steps() + " steps; best validation score " + String.format(java.util.Locale.ROOT, "%.2f", r.bestBleu())
                    + " (BLEU, or minus the loss when validation.maxSentences is 0)");
            r.best().ifPresent(p -> System.out.println("best checkpoint:   " + p));
            r.latest().ifPresent(p -> System.out.println("latest checkpoint: " + p));
            System.out.println("report:            " + new org.apache.hadoop.fs.Path(r.runDir(), "report.html"));
            System.out.println(MemoryReport.line(sc));
            System.out.println(memory.line());
        }
        return 0;
    }
}
