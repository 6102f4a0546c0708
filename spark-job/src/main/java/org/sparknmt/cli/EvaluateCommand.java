package org.sparknmt.cli;

import org.sparknmt.eval.BleuScore;
import org.sparknmt.eval.BleuTokenizer;
import org.sparknmt.eval.CorpusBleu;
import org.sparknmt.eval.CorpusChrf;
import org.sparknmt.eval.TextSegments;
import org.sparknmt.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code spark-nmt evaluate}: corpus BLEU (sacreBLEU-compatible) and chrF of a hypothesis file against a reference
 * file. The last line is the BLEU score with its signature, in sacreBLEU's text format.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score translations with sacreBLEU-compatible BLEU and chrF.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--ref", required = true, paramLabel = "FILE", description = "Reference translations, one per line (UTF-8).")
    Path ref;

    @Option(names = "--hyp", required = true, paramLabel = "FILE", description = "System translations, line-aligned with --ref.")
    Path hyp;

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
        System.out.println(CorpusChrf.score(hyps, refs).formatWithSignature(width));
        BleuScore bleu = CorpusBleu.score(hyps, refs, tok, lowercase);
        System.out.println(bleu.formatWithSignature(width));
        return 0;
    }

    private static List<String> read(Path file, String option) throws IOException {
        try {
            return TextSegments.read(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(option + ": file not found: " + file);
        }
    }
}
