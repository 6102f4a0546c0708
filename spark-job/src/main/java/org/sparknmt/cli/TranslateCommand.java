package org.sparknmt.cli;

import org.sparknmt.config.ConfigException;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.translate.Translation;
import org.sparknmt.translate.Translator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code spark-nmt translate --local}: translates a file (or stdin, "-") line by line with a checkpoint bundle in
 * this JVM, writing the output (or stdout) line-aligned with the input; the output file appears only when complete.
 */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Translate text, one sentence per line, with a checkpoint bundle.")
public final class TranslateCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TranslateCommand.class);
    private static final int CHUNK = 512;

    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "Checkpoint bundle (e.g. <run>/checkpoints/step-....bundle).")
    Path bundle;

    @Option(names = "--input", defaultValue = "-", paramLabel = "FILE", description = "Input, one sentence per line; - for stdin. Default: ${DEFAULT-VALUE}.")
    String input;

    @Option(names = "--output", defaultValue = "-", paramLabel = "FILE", description = "Output, line-aligned; - for stdout. Default: ${DEFAULT-VALUE}.")
    String output;

    @Option(names = "--beam", defaultValue = "1", description = "Beam size (1 = greedy). Default: ${DEFAULT-VALUE}.")
    int beam;

    @Option(names = "--nbest", defaultValue = "1", description = "Translations per sentence; more than 1 writes TSV: line, rank, score, text. Default: ${DEFAULT-VALUE}.")
    int nbest;

    @Option(names = "--local", description = "Translate in this JVM without Spark (the only mode in this build). Default: ${DEFAULT-VALUE}.")
    boolean local;

    @Option(names = "--overwrite", description = "Replace an existing output file. Default: ${DEFAULT-VALUE}.")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        if (!local) {
            throw new ConfigException("--local is required: this build translates in one JVM only (the Spark batch"
                    + " translation job is not part of it yet)");
        }
        DecodeOptions options = beam == 1 && nbest == 1 ? DecodeOptions.greedy() : DecodeOptions.beam(beam).withNBest(nbest);
        Path out = "-".equals(output) ? null : Path.of(output);
        if (out != null && Files.exists(out) && !overwrite) {
            throw new ConfigException("--output " + out + " already exists; pass --overwrite to replace it");
        }
        Translator translator;
        try {
            translator = Translator.load(bundle);
        } catch (NoSuchFileException e) {
            throw new ConfigException("--bundle: file not found: " + bundle);
        }
        List<String> lines = readAll();
        Path tmp = out == null ? null : Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".tmp");
        long t0 = System.nanoTime();
        try (Writer w = tmp == null ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (int from = 0; from < lines.size(); from += CHUNK) {
                List<String> chunk = lines.subList(from, Math.min(lines.size(), from + CHUNK));
                List<List<Translation>> results = translator.translateNBest(chunk, options);
                for (int i = 0; i < chunk.size(); i++) {
                    write(w, from + i + 1, results.get(i));
                }
                double s = (System.nanoTime() - t0) / 1e9;
                int done = Math.min(lines.size(), from + CHUNK);
                LOG.info(String.format(Locale.ROOT, "translated %d/%d lines (%.1f sentences/s)", done, lines.size(), done / s));
            }
        } catch (IOException | RuntimeException e) {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
            throw e;
        }
        if (tmp != null) {
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return 0;
    }

    private void write(Writer w, int lineNo, List<Translation> nbestList) throws IOException {
        if (nbest == 1) {
            w.write(nbestList.isEmpty() ? "" : nbestList.get(0).text());
            w.write('\n');
            return;
        }
        for (int rank = 0; rank < nbestList.size(); rank++) {
            Translation t = nbestList.get(rank);
            w.write(String.format(Locale.ROOT, "%d\t%d\t%.4f\t%s%n", lineNo, rank + 1, t.score(), t.text()));
        }
    }

    private List<String> readAll() throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = "-".equals(input) ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException("--input: file not found: " + input);
        }
        return lines;
    }
}
