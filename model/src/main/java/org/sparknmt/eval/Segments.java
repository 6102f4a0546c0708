package org.sparknmt.eval;

import java.util.List;
import java.util.Objects;

/** Argument checks shared by the corpus metrics. */
final class Segments {
    private Segments() {
    }

    /** Throws if the two sides differ in length, naming both counts. */
    static void requireSameCount(List<String> hypotheses, List<String> references) {
        Objects.requireNonNull(hypotheses, "hypotheses");
        Objects.requireNonNull(references, "references");
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException("hypotheses and references differ in line count: "
                    + hypotheses.size() + " hypotheses vs " + references.size() + " references");
        }
    }

    /** The segment, or an exception naming its side and 1-based segment number. */
    static String require(String segment, String side, long lineNumber) {
        if (segment == null) {
            throw new IllegalArgumentException(side + " of segment " + lineNumber + " is null");
        }
        return segment;
    }
}
