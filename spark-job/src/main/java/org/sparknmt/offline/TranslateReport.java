package org.sparknmt.offline;

import java.util.List;
import java.util.Locale;

/**
 * What a batch translation did, for the log and the command's summary.
 *
 * @param output        the published output file
 * @param lines         input lines (= output lines with 1-best)
 * @param outputRecords output lines written (n-best TSV rows with n-best)
 * @param empty         input lines with no text (their output line is empty)
 * @param overlong      input lines over the source limit, handled by {@code policy}
 * @param invalidUtf8   input lines whose invalid UTF-8 bytes were replaced with U+FFFD
 * @param examples      the first overlong lines ({@code file:line (n subwords)})
 * @param partitions    translation tasks
 * @param bundleLoads   bundle reads on executors (at most one per executor JVM; 0 in local mode, which reuses the
 *                      driver's)
 * @param networkCopies network copies made for concurrent tasks (at most the task slots per executor)
 * @param seconds       wall-clock seconds of the Spark job (reading, translating, writing)
 */
public record TranslateReport(String output, long lines, long outputRecords, long empty, long overlong,
                              String policy, int sourceLimit, long invalidUtf8, List<String> examples, int partitions,
                              long bundleLoads, long networkCopies, double seconds) {

    public double sentencesPerSecond() {
        return lines / Math.max(1e-9, seconds);
    }

    /** A few lines for people. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "translated %,d lines in %.1f s (%.1f sentences/s, %d partitions) -> %s%n",
                lines, seconds, sentencesPerSecond(), partitions, output));
        sb.append(String.format(Locale.ROOT, "  empty lines %,d | over %d subwords (%s) %,d | invalid UTF-8 replaced %,d"
                        + " | output lines %,d | bundle loads on executors %d, network copies %d",
                empty, sourceLimit, policy, overlong, invalidUtf8, outputRecords, bundleLoads, networkCopies));
        if (!examples.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%n  first overlong lines: %s", String.join(", ", examples)));
        }
        return sb.toString();
    }
}
