package org.sparknmt.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Not a test: prints single-thread sentences per second of normalise, tokenize and both, over the Multi30k training
 * sentences (German and English) and the Tatoeba Chinese column. Run with the test classpath:
 * {@code java -cp ... org.sparknmt.text.TextThroughput [sharedDir]}.
 */
public final class TextThroughput {
    private static final long MEASURE_NANOS = 3_000_000_000L;

    private TextThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Path corpora = Path.of(args.length > 0 ? args[0] : System.getProperty("shared.dir", "../../shared"))
                .resolve("corpora");
        List<String> german = Files.readAllLines(corpora.resolve("multi30k-en-de/train.de"), StandardCharsets.UTF_8);
        List<String> english = Files.readAllLines(corpora.resolve("multi30k-en-de/train.en"), StandardCharsets.UTF_8);
        List<String> chinese = Files.readAllLines(corpora.resolve("tatoeba-cmn-eng/cmn.txt"), StandardCharsets.UTF_8)
                .stream().filter(line -> !line.isEmpty()).map(line -> line.split("\t")[1]).toList();
        TextNormalizer normalizer = new TextNormalizer();
        for (CjkMode mode : CjkMode.values()) {
            Tokenizer tokenizer = new Tokenizer(mode);
            for (int round = 0; round < 2; round++) { // the first round warms up
                report("multi30k de", mode, german, normalizer, tokenizer);
                report("multi30k en", mode, english, normalizer, tokenizer);
                report("tatoeba zh", mode, chinese, normalizer, tokenizer);
            }
        }
    }

    private static void report(String name, CjkMode mode, List<String> lines, TextNormalizer normalizer,
                               Tokenizer tokenizer) {
        List<String> normalized = lines.stream().map(line -> normalizer.normalize(line).text()).toList();
        Rate normalize = rate(lines, line -> normalizer.normalize(line).text().length());
        Rate tokenize = rate(normalized, line -> tokenizer.tokenize(line).size());
        Rate both = rate(lines, line -> tokenizer.tokenize(normalizer.normalize(line).text()).size());
        System.out.printf("%-12s %-4s normalize %,10.0f/s   tokenize %,10.0f/s (%.1f tokens each)   both %,10.0f/s%n",
                name, mode, normalize.perSecond(), tokenize.perSecond(), tokenize.resultPerItem(), both.perSecond());
    }

    /** Items per second, and the mean of the work's result (so the JIT cannot drop the work). */
    private record Rate(double perSecond, double resultPerItem) {
    }

    private static Rate rate(List<String> lines, ToIntFunction<String> work) {
        long sum = 0;
        long count = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (String line : lines) {
                sum += work.applyAsInt(line);
            }
            count += lines.size();
            elapsed = System.nanoTime() - start;
        } while (elapsed < MEASURE_NANOS);
        return new Rate(count * 1e9 / elapsed, (double) sum / count);
    }
}
