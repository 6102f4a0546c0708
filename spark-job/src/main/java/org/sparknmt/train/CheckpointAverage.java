package org.sparknmt.train;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleException;
import org.sparknmt.bundle.BundleIO;
import org.sparknmt.bundle.ParameterAverage;
import org.sparknmt.hadoop.AtomicHadoopFiles;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Averages checkpoint bundles ({@link ParameterAverage}) read from any Hadoop path, one at a time, and writes the
 * result atomically: for {@code spark-nmt average} and for {@code checkpoint.averageLast} at the end of training.
 */
public final class CheckpointAverage {
    private CheckpointAverage() {
    }

    /** What was averaged: the bundles, newest first as listed, and the file written. */
    public record Result(List<Path> inputs, Path output, Bundle bundle) {
    }

    /**
     * The newest {@code last} numbered bundles ({@code step-*.bundle}) in a training run's {@code checkpoints/}.
     *
     * @throws TrainException when it holds fewer
     */
    public static List<Path> newest(Path runDir, int last, Configuration conf) {
        Checkpoints checkpoints = new Checkpoints(runDir, Integer.MAX_VALUE, conf);
        List<Path> all = checkpoints.bundlesNewestFirst();
        if (last < 1 || all.size() < last) {
            throw new TrainException(checkpoints.dir() + " has " + all.size() + " step-*.bundle checkpoints, fewer than the "
                    + last + " to average; average fewer, or keep more (checkpoint.keepLast) and checkpoint more often"
                    + " (checkpoint.everySteps)");
        }
        return List.copyOf(all.subList(0, last));
    }

    /** Reads every input, averages their parameters and writes the newest one with the mean to {@code output}. */
    public static Result average(List<Path> inputs, Path output, Configuration conf) throws IOException {
        ParameterAverage average = new ParameterAverage();
        for (Path p : inputs) {
            FileSystem fs = HadoopFiles.fs(p, conf);
            try (InputStream in = fs.open(p)) {
                average.add(BundleIO.read(in, p.toString()), p.toString());
            } catch (IllegalArgumentException e) {
                throw new TrainException(e.getMessage(), e);
            } catch (BundleException e) {
                throw new TrainException("cannot average: " + e.getMessage(), e);
            }
        }
        Bundle result = average.result();
        FileSystem out = HadoopFiles.fs(output, conf);
        AtomicHadoopFiles.write(out, output, o -> BundleIO.write(result, o));
        return new Result(new ArrayList<>(inputs), output, result);
    }
}
