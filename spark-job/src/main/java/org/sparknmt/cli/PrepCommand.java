package org.sparknmt.cli;

import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.config.ConfigTree;
import org.sparknmt.prep.PrepConfig;
import org.sparknmt.prep.PrepJob;
import org.sparknmt.prep.PrepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


/** {@code spark-nmt prep}: parse → validate → run the prep job → print the summary. */
@Command(name = "prep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Clean, tokenize, subword-encode and batch a parallel corpus on Spark.",
        footer = {"", "Every key of the YAML config (see conf/prep-*.yaml) can also be set with --set key.path=value.",
                "Options given here override the config file; the resolved config is logged and saved as config.yaml."})
public final class PrepCommand implements java.util.concurrent.Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(PrepCommand.class);

    @Option(names = "--input", paramLabel = "PATH", description = "TSV corpus (file, directory or glob; plain, .gz, .bz2; any Hadoop path). Sets input.format=tsv. Default: input.path of the config.")
    String input;

    @Option(names = "--source", paramLabel = "PATH", description = "Source side of a line-aligned corpus. Sets input.format=parallel. Default: input.source of the config.")
    String source;

    @Option(names = "--target", paramLabel = "PATH", description = "Target side of a line-aligned corpus. Default: input.target of the config.")
    String target;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (any Hadoop path). Default: output.path of the config.")
    String output;

    @Option(names = "--overwrite", description = "Replace the output directory if it exists. Default: ${DEFAULT-VALUE}.")
    boolean overwrite;

    @Mixin
    StageOptions stage = new StageOptions();

    @Override
    public Integer call() {
        ConfigTree tree = resolve();
        PrepConfig cfg = tree.bind(PrepConfig.class);
        LOG.info("resolved prep config:\n{}", tree.toYaml());
        try (JavaSparkContext sc = SparkContexts.create("spark-nmt prep", cfg.master())) {
            PrepResult result = new PrepJob(sc, cfg, tree).run();
            System.out.println(result.summary());
            System.out.println(MemoryReport.line(sc));
        }
        return 0;
    }

    ConfigTree resolve() {
        return stage.resolve(ConfigTree.defaults(PrepConfig.class, "prep-defaults.yaml"), this::applyOwnOptions);
    }

    private ConfigTree applyOwnOptions(ConfigTree tree) {
        if (input != null) {
            tree = tree.setString("input.format", "tsv").setString("input.path", input);
        }
        if (source != null || target != null) {
            tree = tree.setString("input.format", "parallel");
            if (source != null) {
                tree = tree.setString("input.source", source);
            }
            if (target != null) {
                tree = tree.setString("input.target", target);
            }
        }
        if (output != null) {
            tree = tree.setString("output.path", output);
        }
        if (overwrite) {
            tree = tree.set("output.overwrite", "true");
        }
        return tree;
    }
}
