package org.sparknmt.prep;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.spark.HadoopBundles;
import org.sparknmt.translate.TextPipeline;

import java.io.IOException;

/**
 * The BPE merges and vocabularies of an existing bundle ({@code reuse.bundle}), for a prep whose batches must fit
 * that model (warm-started retraining). The bundle's text settings must equal this prep's, or the same sentence
 * would become different subwords: a mismatch fails naming the key.
 */
final class ReusedModel {
    private ReusedModel() {
    }

    static Bundle load(PrepConfig config, Configuration conf) {
        Path path = new Path(config.reuse().bundle());
        Bundle b;
        try {
            b = HadoopBundles.read(path, conf);
        } catch (IOException | RuntimeException e) {
            throw new PrepException("reuse.bundle " + path + " cannot be read: " + e.getMessage(), e);
        }
        TextPipeline theirs = TextPipeline.fromPrepConfig(b.dataConfigYaml(), b.subwords(), b.sourceVocab(), b.targetVocab());
        if (theirs.normalizer().nfkc() != config.clean().nfkc()) {
            throw mismatch(path, "clean.nfkc", theirs.normalizer().nfkc(), config.clean().nfkc());
        }
        if (theirs.tokenizer().cjkMode() != config.tokenize().cjk()) {
            throw mismatch(path, "tokenize.cjk", theirs.tokenizer().cjkMode(), config.tokenize().cjk());
        }
        return b;
    }

    /** The bundle's vocabularies (shared when both sides are one table). */
    static Vocabularies vocabularies(Bundle b) {
        return new Vocabularies(b.sourceVocab(), b.targetVocab(), b.sourceVocab().equals(b.targetVocab()));
    }

    private static PrepException mismatch(Path bundle, String key, Object theirs, Object ours) {
        return new PrepException("reuse.bundle " + bundle + " was prepared with " + key + "=" + theirs + " but this prep"
                + " has " + key + "=" + ours + "; set " + key + " to " + theirs + " so the text is split the same way");
    }
}
