package org.sparknmt.offline;

import org.sparknmt.config.Checks;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.translate.OverlongPolicy;

/**
 * What a batch translation job does.
 *
 * @param input            input spec: a file, a directory of parts or a glob, on any Hadoop file system
 * @param output           the output file (line-aligned with the input; {@code .gz}/{@code .bz2} compress it)
 * @param bundle           the checkpoint bundle file
 * @param decode           search options (beam, n-best, length penalty, max output length)
 * @param maxSourceTokens  the source limit in subwords; 0 = the limit the model was trained with
 * @param overlong         what happens to a longer source
 * @param batchSize        sentences per decoding pass
 * @param linesPerPartition lines per task when {@code partitions} is 0
 * @param partitions       tasks; 0 = {@code max(default parallelism, lines / linesPerPartition)}
 * @param overwrite        replace an existing output
 * @param progressSeconds  seconds between progress lines
 */
public record TranslateJobConfig(String input, String output, String bundle, DecodeOptions decode, int maxSourceTokens,
                                 OverlongPolicy overlong, int batchSize, int linesPerPartition, int partitions,
                                 boolean overwrite, int progressSeconds) {
    public TranslateJobConfig {
        Checks.notBlank("--input", input);
        Checks.notBlank("--output", output);
        Checks.notBlank("--bundle", bundle);
        Checks.atLeast("--max-source-tokens", maxSourceTokens, 0);
        Checks.atLeast("--batch-size", batchSize, 1);
        Checks.atLeast("--lines-per-partition", linesPerPartition, 1);
        Checks.atLeast("--partitions", partitions, 0);
        Checks.atLeast("--progress-seconds", progressSeconds, 1);
        if (decode == null || overlong == null) {
            throw new IllegalArgumentException("decode options and the overlong policy must be given");
        }
    }

    /** How many tasks translate {@code lines} lines on a context with {@code parallelism} default parallelism. */
    int partitionsFor(long lines, int parallelism) {
        if (partitions > 0) {
            return partitions;
        }
        long byLines = (lines + linesPerPartition - 1) / linesPerPartition;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.max(parallelism, byLines)));
    }
}
