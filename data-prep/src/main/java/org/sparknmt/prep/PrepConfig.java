package org.sparknmt.prep;

import org.sparknmt.config.ConfigException;
import org.sparknmt.text.CjkMode;

import java.io.Serializable;

import static org.sparknmt.config.Checks.atLeast;
import static org.sparknmt.config.Checks.inRange;
import static org.sparknmt.config.Checks.notBlank;

/**
 * The prep stage's resolved configuration: immutable and validated on construction, so that a job never starts
 * with a value it would reject halfway through. Defaults and meanings: {@code prep-defaults.yaml}.
 */
public record PrepConfig(String master, Input input, Output output, Clean clean, Tokenize tokenize,
                         Subword subword, Vocab vocab, Batch batch, Split split, Spark spark, Reuse reuse)
        implements Serializable {

    public PrepConfig {
        notBlank("master", master);
    }

    public enum Format { TSV, PARALLEL }

    public enum InvalidUtf8 { REPLACE, DROP }

    public record Input(Format format, String path, int sourceColumn, int targetColumn, String source, String target,
                        InvalidUtf8 invalidUtf8) implements Serializable {
        public Input {
            if (format == null) {
                throw ConfigException.invalid("input.format", null, "allowed: tsv, parallel");
            }
            if (invalidUtf8 == null) {
                throw ConfigException.invalid("input.invalidUtf8", null, "allowed: replace, drop");
            }
            if (format == Format.TSV) {
                notBlank("input.path (input.format is tsv)", path);
                atLeast("input.sourceColumn", sourceColumn, 0);
                atLeast("input.targetColumn", targetColumn, 0);
                if (sourceColumn == targetColumn) {
                    throw ConfigException.invalid("input.targetColumn", targetColumn,
                            "must differ from input.sourceColumn (" + sourceColumn + ")");
                }
            } else {
                notBlank("input.source (input.format is parallel)", source);
                notBlank("input.target (input.format is parallel)", target);
            }
        }
    }

    public record Output(String path, boolean overwrite) implements Serializable {
        public Output {
            notBlank("output.path", path);
        }
    }

    public record Clean(boolean nfkc, int maxTokens, double maxLengthRatio, boolean dedupe) implements Serializable {
        public Clean {
            atLeast("clean.maxTokens", maxTokens, 1);
            inRange("clean.maxLengthRatio", maxLengthRatio, 1.0, Double.MAX_VALUE);
        }
    }

    public record Tokenize(CjkMode cjk) implements Serializable {
        public Tokenize {
            if (cjk == null) {
                throw ConfigException.invalid("tokenize.cjk", null, "allowed: word, char");
            }
        }
    }

    public record Subword(int merges, boolean joint, int minFrequency, String mergesFile) implements Serializable {
        public Subword {
            atLeast("subword.merges", merges, 0);
            atLeast("subword.minFrequency", minFrequency, 1);
            mergesFile = mergesFile == null ? "" : mergesFile;
            if (!mergesFile.isEmpty() && !joint) {
                throw ConfigException.invalid("subword.joint", false,
                        "must be true when subword.mergesFile is given (one merges file serves both sides)");
            }
        }

        public boolean learn() {
            return mergesFile.isEmpty();
        }
    }

    public record Vocab(boolean shared, int minCount, int maxSize) implements Serializable {
        public Vocab {
            atLeast("vocab.minCount", minCount, 1);
            atLeast("vocab.maxSize", maxSize, 0);
            if (maxSize > 0 && maxSize <= 4) {
                throw ConfigException.invalid("vocab.maxSize", maxSize, "must be 0 (no limit) or more than the 4 special tokens");
            }
        }
    }

    /**
     * @param minFill how full (of {@code size} pairs or {@code maxTokens}) a batch must be to end with its length
     *                bucket; a fuller one ends there, a less full one takes in the next bucket's pairs
     *                ({@link org.sparknmt.batch.Batcher}); 0 keeps every bucket's batches apart
     */
    public record Batch(int size, int maxTokens, int bucketWidth, int maxSubwords, double minFill)
            implements Serializable {
        public Batch {
            atLeast("batch.size", size, 1);
            atLeast("batch.maxTokens", maxTokens, 0);
            inRange("batch.minFill", minFill, 0.0, 1.0);
            atLeast("batch.bucketWidth", bucketWidth, 1);
            atLeast("batch.maxSubwords", maxSubwords, 1);
            if (maxTokens > 0 && maxTokens < 2 * (maxSubwords + 1)) {
                throw ConfigException.invalid("batch.maxTokens", maxTokens,
                        "must be 0 (off) or at least 2 x (batch.maxSubwords + 1) = " + 2 * (maxSubwords + 1)
                                + " so that the longest allowed pair fits in a batch");
            }
        }
    }

    public record Split(double valid, double test, long seed) implements Serializable {
        public Split {
            inRange("split.valid", valid, 0.0, 0.5);
            inRange("split.test", test, 0.0, 0.5);
        }
    }

    /**
     * @param bundle a checkpoint bundle whose BPE merges and vocabularies this prep applies instead of learning its
     *               own ("" = learn), so a model can be warm-started from that bundle on the new data
     */
    public record Reuse(String bundle) implements Serializable {
        public Reuse {
            bundle = bundle == null ? "" : bundle;
        }

        public boolean enabled() {
            return !bundle.isEmpty();
        }
    }

    public record Spark(int partitions) implements Serializable {
        public Spark {
            atLeast("spark.partitions", partitions, 0);
        }
    }
}
