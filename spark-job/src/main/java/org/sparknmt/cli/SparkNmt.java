package org.sparknmt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code spark-nmt <subcommand>}: the one entry point, locally and under spark-submit. */
@Command(name = "spark-nmt", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Neural machine translation on Apache Spark: prepare corpora, train, translate, evaluate.",
        subcommands = {PrepCommand.class, TrainCommand.class, TranslateCommand.class, EvaluateCommand.class, ServeCommand.class, RetrainCommand.class,
                AverageCommand.class, ShortlistCommand.class,
                CommandLine.HelpCommand.class})
public final class SparkNmt implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it without exiting the JVM. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SparkNmt());
        cli.setExecutionExceptionHandler(new Failures());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
