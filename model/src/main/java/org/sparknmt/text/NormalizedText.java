package org.sparknmt.text;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The result of {@link TextNormalizer#normalize(String)}: the cleaned text and which kinds of change were applied.
 * The fixes are kept as a bit mask (one bit per {@link TextFix}, see {@link TextFix#mask()}) so that the common case,
 * a sentence that needed nothing, allocates nothing beyond this record.
 *
 * @param text    the normalised text, possibly empty, never null
 * @param fixMask the OR of {@link TextFix#mask()} of every fix applied; 0 when the text was already clean
 */
public record NormalizedText(String text, int fixMask) {
    private static final int ALL_FIXES = (1 << TextFix.values().length) - 1;

    public NormalizedText {
        Objects.requireNonNull(text, "text");
        if ((fixMask & ~ALL_FIXES) != 0) {
            throw new IllegalArgumentException("fixMask has bits outside the " + TextFix.values().length
                    + " TextFix values: " + Integer.toBinaryString(fixMask));
        }
    }

    /** Whether {@code fix} was applied. */
    public boolean has(TextFix fix) {
        return (fixMask & fix.mask()) != 0;
    }

    /** Whether any fix was applied, i.e. the text differs from the raw input. */
    public boolean changed() {
        return fixMask != 0;
    }

    /** The fixes applied, as an unmodifiable set in {@link TextFix} order. */
    public Set<TextFix> fixes() {
        EnumSet<TextFix> set = EnumSet.noneOf(TextFix.class);
        for (TextFix fix : TextFix.values()) {
            if (has(fix)) {
                set.add(fix);
            }
        }
        return Collections.unmodifiableSet(set);
    }
}
