package org.sparknmt.prep;

/**
 * The files of a prep output directory, named in one place: prep writes them, train and retrain read them.
 * <pre>
 *   manifest.json                     what prep read, kept, dropped and wrote ({@link PrepManifest})
 *   config.yaml                       the resolved prep config
 *   vocab.source.txt vocab.target.txt vocabularies
 *   bpe.codes                         joint BPE merges; or bpe.source.codes and bpe.target.codes
 *   batches/&lt;split&gt;/*.mds            batches per split (train, valid, test)
 *   heldout/&lt;split&gt;.src|.tgt          normalised held-out text; heldout/&lt;split&gt;.raw.src|.raw.tgt as read
 * </pre>
 */
public final class PrepLayout {
    /** What the run did and with which settings. */
    public static final String MANIFEST = "manifest.json";
    public static final String CONFIG = "config.yaml";
    /** Batch files end in this. */
    public static final String BATCH_EXTENSION = ".mds";

    private PrepLayout() {
    }

    /** What a model trained on this output needs besides its network (also copied into its bundles). */
    public static final String VOCAB_SOURCE = "vocab.source.txt";
    public static final String VOCAB_TARGET = "vocab.target.txt";
    public static final String BPE_JOINT = "bpe.codes";
    public static final String BPE_SOURCE = "bpe.source.codes";
    public static final String BPE_TARGET = "bpe.target.codes";

    /** The directory of a split's batch files, e.g. {@code batches/train}. */
    public static String batchDir(String split) {
        return "batches/" + split;
    }

    /** Held-out text of a split and side ({@code src} or {@code tgt}): as read when {@code raw}, else normalised. */
    public static String heldOut(String split, String side, boolean raw) {
        return "heldout/" + split + (raw ? ".raw." : ".") + side;
    }
}
