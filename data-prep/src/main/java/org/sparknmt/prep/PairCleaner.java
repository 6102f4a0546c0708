package org.sparknmt.prep;

import org.apache.spark.api.java.function.Function;
import org.sparknmt.text.NormalizedText;
import org.sparknmt.text.TextFix;
import org.sparknmt.text.TextNormalizer;
import org.sparknmt.text.Tokenizer;

import java.util.List;

/**
 * Executor code: normalises, tokenizes and filters one pair, giving it exactly one outcome (kept, or one
 * {@link DropReason}). Checks run in a fixed order so that counts are reproducible: read problems, invalid UTF-8,
 * empty sides, token count, length ratio.
 */
public final class PairCleaner implements Function<RawPair, CleanPair> {
    private static final long serialVersionUID = 1L;

    private final TextNormalizer normalizer;
    private final Tokenizer tokenizer;
    private final PrepConfig.Clean clean;
    private final PrepConfig.InvalidUtf8 invalidUtf8;
    private final Split.Assigner splits;

    public PairCleaner(TextNormalizer normalizer, Tokenizer tokenizer, PrepConfig.Clean clean,
                       PrepConfig.InvalidUtf8 invalidUtf8, Split.Assigner splits) {
        this.normalizer = normalizer;
        this.tokenizer = tokenizer;
        this.clean = clean;
        this.invalidUtf8 = invalidUtf8;
        this.splits = splits;
    }

    @Override
    public CleanPair call(RawPair raw) {
        if (raw.malformed() != null) {
            return CleanPair.drop(raw, raw.malformed(), 0);
        }
        if (raw.invalidUtf8() && invalidUtf8 == PrepConfig.InvalidUtf8.DROP) {
            return CleanPair.drop(raw, DropReason.INVALID_UTF8, 0);
        }
        NormalizedText source = normalizer.normalize(raw.source());
        NormalizedText target = normalizer.normalize(raw.target());
        int fixes = bits(source) | bits(target) | (raw.invalidUtf8() ? Fix.INVALID_UTF8_REPLACED.bit() : 0);
        if (source.text().isEmpty()) {
            return CleanPair.drop(raw, DropReason.EMPTY_SOURCE, fixes);
        }
        if (target.text().isEmpty()) {
            return CleanPair.drop(raw, DropReason.EMPTY_TARGET, fixes);
        }
        List<String> sourceTokens = tokenizer.tokenize(source.text());
        List<String> targetTokens = tokenizer.tokenize(target.text());
        int ns = sourceTokens.size();
        int nt = targetTokens.size();
        if (ns > clean.maxTokens() || nt > clean.maxTokens()) {
            return CleanPair.drop(raw, DropReason.TOO_MANY_TOKENS, fixes);
        }
        if (Math.max(ns, nt) > clean.maxLengthRatio() * Math.min(ns, nt)) {
            return CleanPair.drop(raw, DropReason.LENGTH_RATIO, fixes);
        }
        Split split = splits.of(source.text(), target.text());
        boolean heldOut = split != Split.TRAIN;
        return new CleanPair(raw.index(), raw.origin(), null, fixes, source.text(), target.text(),
                sourceTokens.toArray(new String[0]), targetTokens.toArray(new String[0]), split,
                heldOut ? raw.source() : null, heldOut ? raw.target() : null);
    }

    private static int bits(NormalizedText text) {
        int bits = 0;
        for (TextFix fix : TextFix.values()) {
            if (text.has(fix)) {
                bits |= Fix.valueOf(fix.name()).bit();
            }
        }
        return bits;
    }
}
