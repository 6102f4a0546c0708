package org.sparknmt.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.sparknmt.decode.Shortlist;
import org.sparknmt.nn.ModelConfig;
import org.sparknmt.nn.Seq2SeqNetwork;
import org.sparknmt.nn.WarmupSchedule;
import org.sparknmt.subword.BpeModel;
import org.sparknmt.subword.Subwords;
import org.sparknmt.vocab.Vocabulary;
import org.sparknmt.io.Utf8;

/**
 * Turns the entries {@link EntryReader} read into a {@link Bundle}: checks that the required entries are there, that
 * every entry matches its CHECKSUMS line, then parses each entry and checks the network against the vocabularies.
 */
final class BundleDecoder {
    private final String source;
    private final Map<String, RawEntry> entries;
    private final long maxNetworkPartBytes;

    private BundleDecoder(String source, Map<String, RawEntry> entries, long maxNetworkPartBytes) {
        this.source = source;
        this.entries = entries;
        this.maxNetworkPartBytes = maxNetworkPartBytes;
    }

    static Bundle decode(String source, Map<String, RawEntry> entries, ReadLimits limits) {
        return new BundleDecoder(source, entries, limits.maxEntryBytes()).decode();
    }

    private Bundle decode() {
        boolean joint = entries.containsKey(BundleLayout.BPE_JOINT);
        checkRequired(joint);
        checkChecksums();
        Vocabulary sourceVocab = vocabulary(BundleLayout.VOCAB_SOURCE);
        Vocabulary targetVocab = vocabulary(BundleLayout.VOCAB_TARGET);
        Subwords subwords = joint ? Subwords.joint(merges(BundleLayout.BPE_JOINT))
                : new Subwords(merges(BundleLayout.BPE_SOURCE), merges(BundleLayout.BPE_TARGET), false);
        String modelYaml = text(BundleLayout.MODEL_YAML);
        String dataYaml = text(BundleLayout.DATA_YAML);
        TrainingState state = json(BundleLayout.STATE, TrainingState.class);
        Provenance provenance = json(BundleLayout.PROVENANCE, Provenance.class);
        ComputationGraph network = network(modelYaml);
        try {
            Bundle.checkShapes(network, sourceVocab, targetVocab);
        } catch (IllegalArgumentException e) {
            throw new BundleException(source + ": the network does not fit the bundle's vocabularies: " + e.getMessage()
                    + "; the bundle mixes a network and vocabularies of different runs — " + Fixes.REWRITE, e);
        }
        Bundle bundle = new Bundle(network, sourceVocab, targetVocab, subwords, modelYaml, dataYaml, state, provenance);
        return entries.containsKey(BundleLayout.SHORTLIST) ? withShortlist(bundle) : bundle;
    }

    private Bundle withShortlist(Bundle bundle) {
        Shortlist shortlist = parse(BundleLayout.SHORTLIST, "shortlist", r -> Shortlist.read(r, entryName(BundleLayout.SHORTLIST)));
        try {
            return bundle.withShortlist(shortlist);
        } catch (IllegalArgumentException e) {
            throw new BundleException(source + ": the shortlist does not fit the bundle's vocabularies: " + e.getMessage()
                    + "; make it again for this bundle with `spark-nmt shortlist`", e);
        }
    }

    private void checkRequired(boolean joint) {
        if (joint && (entries.containsKey(BundleLayout.BPE_SOURCE) || entries.containsKey(BundleLayout.BPE_TARGET))) {
            throw new BundleException(source + " has both the joint " + BundleLayout.BPE_JOINT + " and per-side BPE entries; a "
                    + "bundle has one or the other: " + Fixes.NOT_OURS);
        }
        List<String> missing = new ArrayList<>();
        for (String name : BundleLayout.entries(joint, false)) {
            if (!entries.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            List<String> quoted = missing.stream().map(n -> "'" + n + "'").toList();
            throw new BundleException(source + " has no entry " + String.join(", ", quoted)
                    + " (required in a version " + Bundle.FORMAT_VERSION + " bundle" + (joint ? "" : " without a joint "
                    + BundleLayout.BPE_JOINT) + "): " + Fixes.NOT_OURS);
        }
    }

    private void checkChecksums() {
        RawEntry checksums = entries.get(BundleLayout.CHECKSUMS);
        Map<String, String> listed = Checksums.parse(source, utf8(checksums));
        for (RawEntry e : entries.values()) {
            if (e.name().equals(BundleLayout.CHECKSUMS)) {
                continue;
            }
            String expected = listed.get(e.name());
            if (expected == null) {
                throw new BundleException(source + ": CHECKSUMS has no line for entry '" + e.name() + "'; " + Fixes.NOT_OURS);
            }
            if (!expected.equals(e.sha256())) {
                throw new BundleException(source + ": checksum mismatch for entry '" + e.name() + "' (CHECKSUMS says " + expected
                        + ", the entry's SHA-256 is " + e.sha256() + "): the file was damaged or altered; " + Fixes.COPY_AGAIN);
            }
        }
        for (String name : listed.keySet()) {
            if (!entries.containsKey(name)) {
                throw new BundleException(source + ": CHECKSUMS lists entry '" + name + "', which the bundle does not hold; "
                        + Fixes.NOT_OURS);
            }
        }
    }

    private Vocabulary vocabulary(String name) {
        return parse(name, "vocabulary", r -> Vocabulary.read(r, entryName(name)));
    }

    private BpeModel merges(String name) {
        return parse(name, "BPE merges file", r -> BpeModel.read(r, entryName(name)));
    }

    private String text(String name) {
        return utf8(entries.get(name));
    }

    private <T> T json(String name, Class<T> type) {
        try {
            return Json.read(text(name), type);
        } catch (JsonProcessingException e) {
            throw invalid(name, "a valid " + type.getSimpleName() + " (JSON)", e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw invalid(name, "a valid " + type.getSimpleName() + " (JSON)", e.toString(), e);
        }
    }

    private ComputationGraph network(String modelYaml) {
        try {
            return NetworkCodec.read(entries.get(BundleLayout.NETWORK).data().open(), maxNetworkPartBytes,
                    json -> WarmupSchedule.needsRepair(json)
                            ? WarmupSchedule.repairJson(json, Seq2SeqNetwork.learningRateSchedule(ModelConfig.fromYaml(modelYaml)))
                            : json);
        } catch (IOException | RuntimeException e) {
            throw invalid(BundleLayout.NETWORK, "a valid DL4J ComputationGraph with its updater state", rootMessage(e), e);
        }
    }

    private interface Parser<T> {
        T parse(BufferedReader reader) throws IOException;
    }

    private <T> T parse(String name, String what, Parser<T> parser) {
        RawEntry e = entries.get(name);
        BufferedReader reader = new BufferedReader(new InputStreamReader(e.data().open(), Utf8.strictDecoder()));
        try {
            return parser.parse(reader);
        } catch (IllegalArgumentException x) {
            throw invalid(name, "a valid " + what, x.getMessage(), x);
        } catch (IOException x) {
            throw invalid(name, "a valid " + what, "it is not valid UTF-8 (" + x + ")", x);
        }
    }

    private String utf8(RawEntry e) {
        try {
            return Utf8.decode(e.data().toByteArray(), "it");
        } catch (IllegalArgumentException x) {
            throw invalid(e.name(), "UTF-8 text", x.getMessage(), x);
        }
    }

    private String entryName(String name) {
        return source + "!/" + name;
    }

    private BundleException invalid(String name, String what, String detail, Exception cause) {
        return new BundleException(source + ": entry '" + name + "' is not " + what + ": " + detail + "; " + Fixes.REWRITE,
                cause);
    }

    private static String rootMessage(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
            if (c.getMessage() != null && !text.toString().contains(c.getMessage())) {
                text.append(" (caused by: ").append(c.getMessage()).append(')');
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return text.toString();
    }
}
