package org.sparknmt.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The entry names of a version 1 bundle, their order, and the FORMAT entry's text. */
final class BundleLayout {
    static final String FORMAT = "FORMAT";
    static final String NETWORK = "network.zip";
    static final String VOCAB_SOURCE = "vocab.source.txt";
    static final String VOCAB_TARGET = "vocab.target.txt";
    static final String BPE_JOINT = "bpe.codes";
    static final String BPE_SOURCE = "bpe.source.codes";
    static final String BPE_TARGET = "bpe.target.codes";
    static final String MODEL_YAML = "model.yaml";
    static final String DATA_YAML = "data.yaml";
    static final String STATE = "state.json";
    static final String PROVENANCE = "provenance.json";
    static final String SHORTLIST = "shortlist.txt";
    static final String CHECKSUMS = "CHECKSUMS";

    /**
     * Every name a version 1 bundle may hold, in write order; a bundle has bpe.codes or the two per-side files, and
     * a shortlist only when one was added ({@code spark-nmt shortlist}).
     */
    static final List<String> ALL = List.of(FORMAT, NETWORK, VOCAB_SOURCE, VOCAB_TARGET, BPE_JOINT, BPE_SOURCE, BPE_TARGET,
            MODEL_YAML, DATA_YAML, STATE, PROVENANCE, SHORTLIST, CHECKSUMS);

    private static final String MAGIC = "spark-nmt-bundle";
    private static final Pattern FORMAT_LINE = Pattern.compile(MAGIC + " ([0-9]{1,9})\n?");

    private BundleLayout() {
    }

    /** The entries of a bundle in the order they are written, CHECKSUMS last. */
    static List<String> entries(boolean jointBpe, boolean shortlist) {
        List<String> names = new ArrayList<>(ALL);
        names.removeAll(jointBpe ? List.of(BPE_SOURCE, BPE_TARGET) : List.of(BPE_JOINT));
        if (!shortlist) {
            names.remove(SHORTLIST);
        }
        return List.copyOf(names);
    }

    /** The FORMAT entry's text for a version. */
    static String formatText(int version) {
        return MAGIC + " " + version + "\n";
    }

    /**
     * The version a FORMAT entry names.
     *
     * @throws BundleException when the text is not {@code "spark-nmt-bundle <version>"} or names a version this code
     *                         does not read
     */
    static int parseFormat(String source, String text) {
        Matcher m = FORMAT_LINE.matcher(text);
        if (!m.matches()) {
            String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
            throw new BundleException(source + " is not a spark-nmt bundle: its FORMAT entry is \"" + shown.strip()
                    + "\", expected \"" + MAGIC + " <version>\"; pass a bundle written by BundleIO.write");
        }
        int version = Integer.parseInt(m.group(1));
        if (version > Bundle.FORMAT_VERSION) {
            throw new BundleException(source + " has bundle format version " + version + " but this spark-nmt reads only version "
                    + Bundle.FORMAT_VERSION + ": it was written by a newer spark-nmt; load it with that release or a later one");
        }
        if (version != Bundle.FORMAT_VERSION) {
            throw new BundleException(source + " has bundle format version " + version + ", which no spark-nmt wrote; supported: "
                    + Bundle.FORMAT_VERSION + "; write the bundle again with BundleIO.write");
        }
        return version;
    }

    /** Whether an entry may be left out of a bundle of this version (it then reads as absent). */
    static boolean optional(String name) {
        return SHORTLIST.equals(name);
    }

    /** Whether an entry is UTF-8 text (everything but the network). */
    static boolean isText(String name) {
        return !NETWORK.equals(name);
    }
}
