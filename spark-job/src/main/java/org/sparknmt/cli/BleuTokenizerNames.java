package org.sparknmt.cli;

import java.util.Arrays;
import java.util.Iterator;
import org.sparknmt.eval.BleuTokenizer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli's view of {@link BleuTokenizer}: its constants are Java names ({@code MTEVAL_13A}), the command line uses
 * sacreBLEU's ({@code 13a}), so the option converts by those names (case-insensitive) and lists them as its choices.
 */
final class BleuTokenizerNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(BleuTokenizer.values()).map(BleuTokenizer::sacreBleuName).iterator();
    }

    /** The tokenizer named on the command line, or picocli's "Invalid value" error listing the choices. */
    static final class Converter implements ITypeConverter<BleuTokenizer> {
        @Override
        public BleuTokenizer convert(String value) {
            try {
                return BleuTokenizer.fromName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected one of " + BleuTokenizer.names() + " but was '"
                        + value + "'");
            }
        }
    }
}
