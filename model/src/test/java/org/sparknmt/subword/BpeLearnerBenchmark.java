package org.sparknmt.subword;

import java.util.Map;

/**
 * Times {@link BpeLearner#learn} on a synthetic vocabulary (default 50,000 distinct words, 10,000 merges). A main,
 * not a test, so timings never make the build flaky. Arguments: [words] [merges] [runs].
 */
public final class BpeLearnerBenchmark {
    private BpeLearnerBenchmark() {
    }

    public static void main(String[] args) {
        int words = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int merges = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Map<String, Long> counts = BpeLearnerTest.syntheticCounts(words, 2024);
        long symbols = counts.keySet().stream().mapToLong(w -> w.codePointCount(0, w.length())).sum();
        System.out.printf("%d distinct words, %d characters, %d merges%n", counts.size(), symbols, merges);
        for (int run = 1; run <= runs; run++) {
            long start = System.nanoTime();
            BpeModel model = BpeLearner.learn(counts, merges, 2);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("run %d: %d merges in %d ms%n", run, model.numMerges(), ms);
        }
    }
}
