package org.sparknmt.cli;

import org.sparknmt.config.ConfigTree;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The options every Spark stage shares (picocli mixin): {@code --config}, {@code --master}, {@code --set}, and the
 * one order in which they are layered: defaults → config file → the stage's own options → --master → --set.
 */
final class StageOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML config file (local path). Default: built-in defaults.")
    Path config;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master when not run by spark-submit. Default: from config (local[*]).")
    String master;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override any config key, e.g. --set batch.size=32 (repeatable). Default: none.")
    List<String> overrides = new ArrayList<>();

    ConfigTree resolve(ConfigTree defaults, UnaryOperator<ConfigTree> stageOptions) {
        ConfigTree tree = stageOptions.apply(ConfigFiles.load(defaults, config));
        if (master != null) {
            tree = tree.setString("master", master);
        }
        for (String o : overrides) {
            tree = tree.set(o);
        }
        return tree;
    }
}
