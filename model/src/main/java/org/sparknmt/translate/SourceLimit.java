package org.sparknmt.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The longest source a translation job feeds the network, and what happens to longer ones.
 *
 * @param maxTokens most source subwords, {@code >= 1}
 * @param policy    what to do with a longer source
 */
public record SourceLimit(int maxTokens, OverlongPolicy policy) implements Serializable {
    /** The limit when a bundle's prep config does not give {@code batch.maxSubwords} (prep's default). */
    public static final int PREP_DEFAULT_MAX_SUBWORDS = 100;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public SourceLimit {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("the source limit must be >= 1 subword, got " + maxTokens);
        }
        if (policy == null) {
            throw new IllegalArgumentException("the overlong policy must be given");
        }
    }

    /**
     * The longest source the model was trained on: {@code batch.maxSubwords} of the prep config saved in the
     * bundle (prep drops longer pairs, so the network never saw one).
     */
    public static int trainedLimit(String prepConfigYaml) {
        if (prepConfigYaml == null || prepConfigYaml.isBlank()) {
            return PREP_DEFAULT_MAX_SUBWORDS;
        }
        try {
            JsonNode n = YAML.readTree(prepConfigYaml).at("/batch/maxSubwords");
            return n.canConvertToInt() && n.asInt() > 0 ? n.asInt() : PREP_DEFAULT_MAX_SUBWORDS;
        } catch (IOException e) {
            throw new UncheckedIOException("the bundle's data config is not valid YAML", e);
        }
    }

    /** Whether {@code source} is over the limit. */
    public boolean exceeds(int[] source) {
        return source.length > maxTokens;
    }

    /**
     * {@code source} as the network gets it: itself when within the limit; else the first {@link #maxTokens}
     * subwords (truncate), an empty array (skip: the output line stays empty), or an {@link OverlongException}
     * naming {@code where} (fail).
     */
    public int[] apply(int[] source, String where) {
        if (!exceeds(source)) {
            return source;
        }
        return switch (policy) {
            case TRUNCATE -> Arrays.copyOf(source, maxTokens);
            case SKIP -> new int[0];
            case FAIL -> throw new OverlongException(where + " has " + source.length + " subwords, over the limit of "
                    + maxTokens);
        };
    }

    /** A source over the limit under {@link OverlongPolicy#FAIL}. */
    public static final class OverlongException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public OverlongException(String message) {
            super(message);
        }
    }
}
