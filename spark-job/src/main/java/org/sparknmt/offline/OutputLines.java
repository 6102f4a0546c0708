package org.sparknmt.offline;

import org.sparknmt.translate.Translation;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How translations are written, the same in the Spark job and {@code --local}: with 1-best, one line per input
 * line (empty for an empty or skipped input); with n-best, TSV rows {@code line<TAB>rank<TAB>score<TAB>text} with
 * the 1-based input line number, best first, and no row for an input that has no translation.
 */
public final class OutputLines {
    private OutputLines() {
    }

    /** Writes the output lines of input line {@code lineNo} (1-based) to {@code out}. */
    public static void emit(long lineNo, List<Translation> nBest, boolean tsv, Consumer<String> out) {
        if (!tsv) {
            out.accept(nBest.isEmpty() ? "" : nBest.get(0).text());
            return;
        }
        for (int rank = 0; rank < nBest.size(); rank++) {
            Translation t = nBest.get(rank);
            out.accept(String.format(Locale.ROOT, "%d\t%d\t%.4f\t%s", lineNo, rank + 1, t.score(), t.text()));
        }
    }
}
