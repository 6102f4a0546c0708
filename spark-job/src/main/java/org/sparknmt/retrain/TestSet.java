package org.sparknmt.retrain;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.config.ConfigException;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.eval.BleuScore;
import org.sparknmt.eval.BleuTokenizer;
import org.sparknmt.eval.CorpusBleu;
import org.sparknmt.eval.TextSegments;
import org.sparknmt.modeldir.ModelDirectory;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.Translator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The fixed test set both the current and the candidate model are scored on. The first run pins it into the model
 * directory ({@code testset/source.txt}, {@code testset/reference.txt}) so every later run compares on the same
 * sentences, even when the training data changes.
 */
record TestSet(List<String> sources, List<String> references, String where) {
    static final String DIR = "testset";

    static TestSet resolve(ModelDirectory dir, String source, String reference) throws IOException {
        FileSystem fs = dir.fs();
        Path pinned = new Path(dir.dir(), DIR);
        if (!source.isEmpty()) {
            TestSet t = new TestSet(read(source), read(reference), source + " | " + reference);
            if (!fs.exists(pinned)) {
                fs.mkdirs(pinned);
                write(fs, new Path(pinned, "source.txt"), t.sources());
                write(fs, new Path(pinned, "reference.txt"), t.references());
            }
            return t.checked();
        }
        if (!fs.exists(new Path(pinned, "source.txt"))) {
            throw new ConfigException("no test set: give --test-source and --test-reference (the first run pins them"
                    + " into " + pinned + ")");
        }
        return new TestSet(read(new Path(pinned, "source.txt").toString()), read(new Path(pinned, "reference.txt").toString()),
                pinned.toString()).checked();
    }

    private TestSet checked() {
        if (sources.isEmpty() || sources.size() != references.size()) {
            throw new ConfigException("test set " + where + ": " + sources.size() + " sources and " + references.size()
                    + " references; they must be non-empty and line-aligned");
        }
        return this;
    }

    /** BLEU of {@code bundle} on this test set. */
    BleuScore score(Path bundle, FileSystem fs, int beam, BleuTokenizer tokenize) throws IOException {
        return score(org.sparknmt.spark.HadoopBundles.read(bundle, fs.getConf()), beam, tokenize);
    }

    /** BLEU of an already loaded bundle on this test set. */
    BleuScore score(Bundle b, int beam, BleuTokenizer tokenize) {
        Translator t = Translator.of(b, b.network(), 64, SourceLimit.trainedLimit(b.dataConfigYaml()));
        List<String> hyps = t.translate(sources, DecodeOptions.of(beam, 1));
        return CorpusBleu.score(hyps, references, tokenize, false);
    }

    private static List<String> read(String spec) throws IOException {
        Path p = new Path(spec);
        try (InputStream in = p.getFileSystem(new org.apache.hadoop.conf.Configuration()).open(p)) {
            return TextSegments.read(in, spec);
        } catch (java.io.FileNotFoundException e) {
            throw new ConfigException("test set file not found: " + spec);
        }
    }

    private static void write(FileSystem fs, Path p, List<String> lines) throws IOException {
        try (OutputStream out = fs.create(p, true)) {
            out.write((String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
