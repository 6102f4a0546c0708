package org.sparknmt.serve;

import org.sparknmt.nn.DecodingCopies;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.Provenance;
import org.sparknmt.bundle.TrainingState;
import org.sparknmt.translate.OverlongPolicy;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.Translator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded bundle ready to serve: one {@link Translator} per decoding worker (each over its own copy of the network,
 * as DL4J networks are not thread-safe), the source limit, and what {@code GET /v1/model} reports about it.
 *
 * @param id          the model id in every response: bundle file name and the start of its SHA-256
 * @param info        provenance and training state, for {@code /v1/model}
 * @param translators one per decoding worker
 * @param limit       the longest source (subwords) and what happens to longer ones
 */
public record ServingModel(String id, Map<String, Object> info, List<Translator> translators, SourceLimit limit) {

    /**
     * @param sha256          SHA-256 of the bundle file (hex)
     * @param promotedAt      when the bundle became CURRENT (ISO-8601), or null when served from a file
     * @param maxSourceTokens the source limit; 0 = the longest source the model was trained on
     */
    static ServingModel of(Bundle b, String fileName, String sha256, String promotedAt, int workers, int batchSize,
                           int maxSourceTokens, OverlongPolicy policy) {
        int maxTokens = maxSourceTokens > 0 ? maxSourceTokens : SourceLimit.trainedLimit(b.dataConfigYaml());
        List<Translator> translators = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            translators.add(Translator.of(b, i == 0 ? b.network() : DecodingCopies.of(b.network()), batchSize, maxTokens));
        }
        Provenance p = b.provenance();
        TrainingState s = b.state();
        String id = fileName + "@" + sha256.substring(0, 12);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", id);
        info.put("bundle", fileName);
        info.put("bundleSha256", sha256);
        info.put("formatVersion", Bundle.FORMAT_VERSION);
        info.put("prepManifestSha256", p.prepManifestSha256());
        info.put("createdAt", p.createdAt());
        info.put("createdBy", p.createdBy());
        info.put("trainingEpoch", s.epoch());
        info.put("trainingStep", s.step());
        double best = s.bestValidationScore(); // BLEU, or minus the loss when training validated by loss only
        if (Double.isFinite(best)) {
            info.put(best >= 0 ? "validationBleu" : "validationLoss", Math.abs(best));
        }
        if (promotedAt != null) {
            info.put("promotedAt", promotedAt);
        }
        info.put("sourceLimitSubwords", maxTokens);
        info.put("overlong", policy.lowerName());
        return new ServingModel(id, Collections.unmodifiableMap(info), List.copyOf(translators),
                new SourceLimit(maxTokens, policy));
    }
}
