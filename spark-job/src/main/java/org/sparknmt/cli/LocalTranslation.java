package org.sparknmt.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknmt.config.ConfigException;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.io.AtomicFiles;
import org.sparknmt.offline.OutputLines;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.Translation;
import org.sparknmt.translate.Translator;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code translate --local}: a file or stdin, translated in this JVM without Spark, to a file (appearing only when
 * complete) or stdout. Same output format and overlong policy as the Spark job.
 */
final class LocalTranslation {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTranslation.class);
    private static final int CHUNK = 512;

    private final Translator translator;
    private final DecodeOptions options;
    private final SourceLimit limit;

    LocalTranslation(Translator translator, DecodeOptions options, SourceLimit limit) {
        this.translator = translator;
        this.options = options;
        this.limit = limit;
    }

    /** Translates {@code input} ("-" = stdin) to {@code output} ("-" = stdout); returns the overlong count. */
    long run(String input, String output, boolean overwrite) throws IOException {
        Path out = "-".equals(output) ? null : Path.of(output);
        if (out != null && Files.exists(out) && !overwrite) {
            throw new ConfigException("--output " + out + " already exists; pass --overwrite to replace it");
        }
        List<String> lines = readAll(input);
        long[] overlong = new long[1];
        try {
            if (out == null) {
                try (Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
                    overlong[0] = translateAll(input, lines, w);
                }
            } else {
                AtomicFiles.write(out, stream -> {
                    try (Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8))) {
                        overlong[0] = translateAll(input, lines, w);
                    }
                });
            }
        } catch (SourceLimit.OverlongException o) {
            throw new ConfigException(o.getMessage() + org.sparknmt.offline.TranslateJob.OVERLONG_HINT);
        }
        if (overlong[0] > 0) {
            LOG.warn("{} line(s) over the source limit of {} subwords ({})", overlong[0], limit.maxTokens(), limit.policy().lowerName());
        }
        return overlong[0];
    }

    /** Translates {@code lines} in chunks to {@code w}; returns how many were over the source limit. */
    private long translateAll(String input, List<String> lines, Writer w) throws IOException {
        long t0 = System.nanoTime();
        long overlong = 0;
        for (int from = 0; from < lines.size(); from += CHUNK) {
            List<String> chunk = lines.subList(from, Math.min(lines.size(), from + CHUNK));
            List<int[]> sources = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                int[] ids = translator.text().encodeSource(chunk.get(i));
                overlong += limit.exceeds(ids) ? 1 : 0;
                sources.add(limit.apply(ids, "input " + input + ":" + (from + i + 1)));
            }
            List<List<Translation>> results = translator.translateEncoded(sources, options);
            for (int i = 0; i < chunk.size(); i++) {
                OutputLines.emit(from + i + 1, results.get(i), options.nBest() > 1, line -> writeLine(w, line));
            }
            double s = (System.nanoTime() - t0) / 1e9;
            int done = Math.min(lines.size(), from + CHUNK);
            LOG.info(String.format(Locale.ROOT, "translated %d/%d lines (%.1f sentences/s)", done, lines.size(), done / s));
        }
        return overlong;
    }

    private static void writeLine(Writer w, String line) {
        try {
            w.write(line);
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readAll(String input) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = "-".equals(input) ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8.newDecoder()))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException("--input: file not found: " + input);
        } catch (CharacterCodingException e) {
            throw new ConfigException("--input " + input + " is not valid UTF-8 at line " + (lines.size() + 1)
                    + "; convert it (e.g. iconv -t UTF-8), or translate it without --local, which replaces invalid"
                    + " bytes with U+FFFD and counts the lines");
        }
        return lines;
    }
}
