package org.sparknmt.eval;

import java.util.Map;
import java.util.StringJoiner;

/**
 * Reproducibility signatures in sacreBLEU's layout, e.g.
 * {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:spark-nmt-eval-1+sacrebleu-2.6.0}.
 *
 * <p>The fields, their order and their values are exactly sacreBLEU 2.x's, so tools that parse sacreBLEU signatures
 * (split on '|', then on ':') read ours. Only the {@code version} value differs, on purpose: a sacreBLEU signature
 * claims that sacreBLEU computed the score, which would be false here. Ours is {@link #VERSION}: who computed it
 * ({@code spark-nmt-eval-}<i>revision</i>, the revision of these scoring rules, bumped whenever a rule changes, not
 * the project's release version, so that scores stay comparable across releases) and, after the '+', the sacreBLEU
 * release whose rules they reproduce and whose output they were verified against.
 */
public final class Signatures {
    /** The sacreBLEU release these metrics reproduce, verified on the shared bleu-vectors. */
    public static final String SACREBLEU_VERSION = "2.6.0";
    /** The revision of this package's scoring rules; bump when any rule changes a score. */
    public static final int RULES_REVISION = 1;
    /** The {@code version:} value of every signature produced here. */
    public static final String VERSION = "spark-nmt-eval-" + RULES_REVISION + "+sacrebleu-" + SACREBLEU_VERSION;

    /** sacreBLEU's {@code --short} abbreviations. chrF's {@code space} is also "s" in sacreBLEU. */
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("version", "v"), Map.entry("nrefs", "#"), Map.entry("case", "c"), Map.entry("eff", "e"),
            Map.entry("tok", "tok"), Map.entry("smooth", "s"), Map.entry("nc", "nc"), Map.entry("nw", "nw"),
            Map.entry("space", "s"));

    private Signatures() {
    }

    /** The signature sacreBLEU's {@code --short} option would print for the same BLEU or chrF metric (not TER). */
    public static String shorten(String signature) {
        StringJoiner out = new StringJoiner("|");
        for (String field : signature.split("\\|")) {
            int colon = field.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("not a signature field (key:value): '" + field + "' in " + signature);
            }
            String key = field.substring(0, colon);
            out.add(ABBREVIATIONS.getOrDefault(key, key) + field.substring(colon));
        }
        return out.toString();
    }

    static String bleu(BleuOptions options) {
        return "nrefs:1|case:" + caseField(options.lowercase())
                + "|eff:" + yesNo(options.effectiveOrder())
                + "|tok:" + options.tokenizer().sacreBleuName()
                + "|smooth:exp|version:" + VERSION;
    }

    static String chrf(ChrfOptions options) {
        return "nrefs:1|case:" + caseField(options.lowercase())
                + "|eff:" + yesNo(!options.epsSmoothing())
                + "|nc:" + options.charOrder()
                + "|nw:" + options.wordOrder()
                + "|space:" + yesNo(options.whitespace())
                + "|version:" + VERSION;
    }

    static String ter(TerOptions options) {
        return "nrefs:1|case:" + caseField(!options.caseSensitive())
                + "|tok:tercom"
                + "|norm:" + yesNo(options.normalized())
                + "|punct:" + yesNo(!options.noPunct())
                + "|asian:" + yesNo(options.asianSupport())
                + "|version:" + VERSION;
    }

    private static String caseField(boolean lowercase) {
        return lowercase ? "lc" : "mixed";
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
