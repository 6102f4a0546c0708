package org.sparknmt.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparknmt.config.ConfigException;
import org.sparknmt.train.CheckpointAverage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code spark-nmt average}: checkpoint averaging, the mean parameters of the newest N checkpoints of a run (or of
 * the bundles named) in one bundle that translates, serves and resumes like any other. No Spark: it reads one bundle
 * at a time.
 */
@Command(name = "average", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Average the parameters of a run's last checkpoints (or of the bundles named) into one bundle.")
public final class AverageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", description = "Training run directory: average the newest --last"
            + " of its checkpoints/step-*.bundle; any Hadoop path.")
    String run;

    @Option(names = "--last", defaultValue = "5", paramLabel = "N", description = "How many of the run's newest"
            + " checkpoints (with --run). Default: ${DEFAULT-VALUE}.")
    int last;

    @Parameters(paramLabel = "BUNDLE", arity = "0..*", description = "Bundles to average, instead of --run: all of"
            + " one training run.")
    List<String> bundles;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "The averaged bundle, written"
            + " atomically; any Hadoop path.")
    String output;

    @Override
    public Integer call() throws IOException {
        boolean named = bundles != null && !bundles.isEmpty();
        if (named == (run != null)) {
            throw new ConfigException("average: give either --run DIR (with --last N) or the bundles to average, not "
                    + (named ? "both" : "neither"));
        }
        Configuration conf = new Configuration();
        List<Path> inputs = named ? bundles.stream().map(Path::new).toList()
                : CheckpointAverage.newest(new Path(run), last, conf);
        CheckpointAverage.Result r = CheckpointAverage.average(inputs, new Path(output), conf);
        spec.commandLine().getOut().println("averaged " + inputs.size() + " bundles (" + String.join(", ",
                inputs.stream().map(Path::getName).toList()) + ") -> " + r.output() + "; optimizer and training state"
                + " from step " + r.bundle().state().step());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
