package org.sparknmt.cli;

import org.sparknmt.eval.BleuScore;
import org.sparknmt.eval.BleuTokenizer;
import org.sparknmt.eval.CorpusBleu;
import org.sparknmt.eval.CorpusChrf;
import org.sparknmt.eval.TextSegments;
import org.sparknmt.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code spark-nmt evaluate}: corpus BLEU (sacreBLEU-compatible) and chrF of a hypothesis file against a reference
 * file. The last line is the BLEU score with its signature, in sacreBLEU's text format.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score translations with sacreBLEU-compatible BLEU and chrF.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--ref", required = true, paramLabel = "FILE", description = "Reference translations, one per line (UTF-8); any Hadoop path, .gz/.bz2 read as such.")
    String ref;

    @Option(names = "--hyp", required = true, paramLabel = "FILE", description = "System translations, line-aligned with --ref; any Hadoop path, .gz/.bz2 read as such.")
    String hyp;

    @Option(names = "--tokenize", paramLabel = "13a|zh|none", defaultValue = "13a",
            description = "BLEU tokenizer (zh for Chinese output). Default: ${DEFAULT-VALUE}.")
    String tokenize;

    @Option(names = {"-lc", "--lowercase"}, description = "Case-insensitive BLEU. Default: ${DEFAULT-VALUE}.")
    boolean lowercase;

    @Option(names = "--width", defaultValue = "2", description = "Decimals printed. Default: ${DEFAULT-VALUE}.")
    int width;

    @Override
    public Integer call() throws IOException {
        BleuTokenizer tok;
        try {
            tok = BleuTokenizer.fromName(tokenize);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid("--tokenize", tokenize, "allowed: 13a, zh, none");
        }
        List<String> refs = read(ref, "--ref");
        List<String> hyps = read(hyp, "--hyp");
        if (refs.size() != hyps.size()) {
            throw new ConfigException("--hyp " + hyp + " has " + hyps.size() + " lines but --ref " + ref + " has "
                    + refs.size() + "; the files must be line-aligned");
        }
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.println(CorpusChrf.score(hyps, refs).formatWithSignature(width));
        BleuScore bleu = CorpusBleu.score(hyps, refs, tok, lowercase);
        out.println(bleu.formatWithSignature(width));
        out.flush();
        return 0;
    }

    /** The segments of a local or Hadoop file, decompressed when its name has a codec's extension. */
    private static List<String> read(String spec, String option) throws IOException {
        Path path = new Path(spec);
        FileSystem fs = path.getFileSystem(new Configuration());
        CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(path);
        try (InputStream raw = fs.open(path); InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            return TextSegments.read(in, spec);
        } catch (FileNotFoundException e) {
            throw new ConfigException(option + ": file not found: " + spec);
        } catch (IOException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw new ConfigException(option + ": " + e.getMessage() + "; sacreBLEU reads UTF-8 only: convert"
                        + " the file (e.g. iconv -t UTF-8)");
            }
            throw e;
        }
    }
}
