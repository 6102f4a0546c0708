package org.sparknmt.cli;

import org.sparknmt.config.ConfigException;
import org.sparknmt.hadoop.InputException;
import org.sparknmt.prep.PrepException;
import picocli.CommandLine;

/**
 * Turns the failures a user can fix (bad config, bad input, output exists) into one clear line and exit code 2;
 * anything else is a bug or an environment problem and keeps its stack trace (exit code 1).
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
    static final int USER_ERROR = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException || e instanceof PrepException || e instanceof InputException
                || e instanceof org.sparknmt.train.TrainException) {
            cmd.getErr().println("error: " + e.getMessage());
            return USER_ERROR;
        }
        cmd.getErr().println("error: " + e);
        e.printStackTrace(cmd.getErr());
        if (heapExhausted(e)) {
            cmd.getErr().println(heapHint(Runtime.getRuntime().maxMemory()));
        }
        return 1;
    }

    /** Whether an {@code OutOfMemoryError: Java heap space} is among the causes (Spark wraps it, e.g. "Boxed Error"). */
    static boolean heapExhausted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError && String.valueOf(t.getMessage()).contains("Java heap space")) {
                return true;
            }
        }
        return false;
    }

    static String heapHint(long maxHeapBytes) {
        return String.format(java.util.Locale.ROOT, "error: the Java heap (limit %.2f GiB) ran out. Local runs: raise "
                + "SPARK_NMT_HEAP (scripts/spark-nmt; e.g. SPARK_NMT_HEAP=4g); on a cluster: spark.driver.memory or "
                + "spark.executor.memory. README \"Memory\" gives what each stage needs.", maxHeapBytes / (double) (1L << 30));
    }
}
