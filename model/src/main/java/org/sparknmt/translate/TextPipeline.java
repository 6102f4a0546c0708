package org.sparknmt.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.sparknmt.subword.BpeModel;
import org.sparknmt.subword.Subwords;
import org.sparknmt.text.CjkMode;
import org.sparknmt.text.TextNormalizer;
import org.sparknmt.text.Tokenizer;
import org.sparknmt.vocab.Specials;
import org.sparknmt.vocab.Vocabulary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text side of translation, identical to prep: normalise → tokenize → BPE → ids for the source, and ids →
 * pieces → words → detokenized text for the output. Built from the prep config saved in a bundle, so serving
 * can never drift from what the model was trained on.
 */
public record TextPipeline(TextNormalizer normalizer, Tokenizer tokenizer, Subwords subwords, Vocabulary source,
                           Vocabulary target) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Reads {@code clean.nfkc} and {@code tokenize.cjk} from a prep config (YAML); absent keys take prep's defaults. */
    public static TextPipeline fromPrepConfig(String prepConfigYaml, Subwords subwords, Vocabulary source, Vocabulary target) {
        JsonNode root;
        try {
            root = prepConfigYaml == null || prepConfigYaml.isBlank() ? null : YAML.readTree(prepConfigYaml);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundle's data config is not valid YAML", e);
        }
        boolean nfkc = root == null || root.at("/clean/nfkc").asBoolean(true);
        String cjk = root == null ? "word" : root.at("/tokenize/cjk").asText("word");
        return new TextPipeline(new TextNormalizer(nfkc), new Tokenizer(CjkMode.valueOf(cjk.toUpperCase(Locale.ROOT))),
                subwords, source, target);
    }

    /** Source text → ids (without EOS; the network input adds it). Empty text gives an empty array. */
    public int[] encodeSource(String text) {
        String normalized = normalizer.normalize(text).text();
        if (normalized.isEmpty()) {
            return new int[0];
        }
        BpeModel bpe = subwords.source();
        List<String> pieces = new ArrayList<>();
        for (String word : tokenizer.tokenize(normalized)) {
            pieces.addAll(bpe.encode(word));
        }
        return source.encode(pieces);
    }

    /** Output ids (specials are skipped) → detokenized text. */
    public String decodeTarget(int[] ids) {
        List<String> pieces = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id >= Specials.ALL.size() || id == Specials.UNK_ID) {
                pieces.add(target.token(id));
            }
        }
        return tokenizer.detokenize(BpeModel.decode(pieces));
    }
}
