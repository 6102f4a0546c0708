package org.sparknmt.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleIO;
import org.sparknmt.config.ConfigException;
import org.sparknmt.hadoop.AtomicHadoopFiles;
import org.sparknmt.shortlist.ShortlistJob;
import org.sparknmt.spark.HadoopBundles;
import org.sparknmt.train.PrepOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * {@code spark-nmt shortlist}: learns a vocabulary shortlist from the training pairs of the prep output a model was
 * trained on and writes a copy of its bundle that carries it; translating with that bundle then scores only each
 * batch's candidate target tokens (faster; translations may differ, so compare BLEU on held-out data first).
 */
@Command(name = "shortlist", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Add a vocabulary shortlist, learnt from the training pairs, to a bundle (faster decoding).")
public final class ShortlistCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--prep", required = true, paramLabel = "DIR", description = "The prep output the model was"
            + " trained on (its training batches are counted); any Hadoop path.")
    String prep;

    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "The bundle to add the shortlist"
            + " to (left as it is); any Hadoop path.")
    String bundle;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "The bundle with the shortlist,"
            + " written atomically; any Hadoop path.")
    String output;

    @Option(names = "--per-source", defaultValue = "" + DEFAULT_PER_SOURCE, paramLabel = "K", description =
            "Target tokens kept per source token (highest Dice coefficient). Default: ${DEFAULT-VALUE}.")
    int perSource;

    @Option(names = "--frequent", defaultValue = "" + DEFAULT_FREQUENT, paramLabel = "M", description =
            "Most frequent target tokens every batch may produce. Default: ${DEFAULT-VALUE}.")
    int frequent;

    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL", description = "Spark master when not"
            + " under spark-submit. Default: ${DEFAULT-VALUE}.")
    String master;

    static final int DEFAULT_PER_SOURCE = 20;
    static final int DEFAULT_FREQUENT = 100;

    @Override
    public Integer call() throws IOException {
        if (perSource < 1 || frequent < 0) {
            throw new ConfigException("shortlist: --per-source must be >= 1 and --frequent >= 0, got " + perSource + ", "
                    + frequent);
        }
        Configuration conf = new Configuration();
        Bundle b = HadoopBundles.read(new Path(bundle), conf);
        PrepOutput p = PrepOutput.open(prep, conf);
        if (!p.sourceVocab().equals(b.sourceVocab()) || !p.targetVocab().equals(b.targetVocab())) {
            throw new ConfigException("shortlist: the prep output " + prep + " has other vocabularies than the bundle "
                    + bundle + "; pass the prep output the model was trained on");
        }
        ShortlistJob.Result r;
        try (JavaSparkContext sc = SparkContexts.create("spark-nmt shortlist", master)) {
            r = new ShortlistJob(perSource, frequent).run(sc, p, conf);
        }
        Bundle withShortlist = b.withShortlist(r.shortlist());
        Path out = new Path(output);
        FileSystem fs = out.getFileSystem(conf);
        AtomicHadoopFiles.write(fs, out, o -> BundleIO.write(withShortlist, o));
        spec.commandLine().getOut().println("shortlist: " + r.pairs() + " training pairs in " + r.batchFiles()
                + " batch files; " + perSource + " targets per source token, " + r.shortlist().alwaysCount()
                + " for every batch (" + frequent + " most frequent, EOS, UNK) -> " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
