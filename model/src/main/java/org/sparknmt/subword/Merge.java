package org.sparknmt.subword;

import java.io.Serializable;

/**
 * One BPE merge operation: wherever symbol {@code left} is directly followed by symbol {@code right}, the two become
 * the single symbol {@code left + right}. Symbols are non-empty and hold no white space, because a merges file
 * separates them with a space and merges with line ends.
 */
public record Merge(String left, String right) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Merge {
        check("left", left);
        check("right", right);
    }

    /** The symbol this merge creates. */
    public String merged() {
        return left + right;
    }

    private static void check(String name, String symbol) {
        if (symbol == null || symbol.isEmpty() || CodePoints.hasWhitespace(symbol)) {
            throw new IllegalArgumentException("Merge " + name + " symbol must be non-empty and contain no white space, was "
                    + (symbol == null ? "null" : "\"" + symbol + "\""));
        }
    }
}
