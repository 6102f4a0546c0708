package org.sparknmt.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.io.Utf8;

import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A {@code POST /v1/translate} body: {@code {"sentences": ["...", ...], "beam": 5, "nbest": 2}} ({@code beam} and
 * {@code nbest} optional, 1 by default). {@link #parse} checks everything a client can get wrong and says what, in
 * an {@link ApiError}: 400 for bad UTF-8, bad JSON, wrong types, unknown fields, an empty list, too many sentences
 * or a sentence over the character limit.
 */
record TranslateRequest(List<String> sentences, DecodeOptions options) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final Set<String> FIELDS = Set.of("sentences", "beam", "nbest");

    static TranslateRequest parse(byte[] body, ServeConfig cfg) {
        String text;
        try {
            text = Utf8.decode(body);
        } catch (CharacterCodingException e) {
            throw new ApiError(400, "invalid_utf8", "the request body is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "invalid_json", "the request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new ApiError(400, "invalid_request", "the body must be a JSON object such as {\"sentences\": [\"...\"]}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new ApiError(400, "unknown_field", "unknown field \"" + f + "\"; allowed: sentences, beam, nbest");
            }
        }
        JsonNode list = root.get("sentences");
        if (list == null || !list.isArray()) {
            throw new ApiError(400, "invalid_type", "\"sentences\" must be a list of strings");
        }
        if (list.isEmpty()) {
            throw new ApiError(400, "empty_list", "\"sentences\" is empty; send at least one sentence");
        }
        if (list.size() > cfg.maxSentences()) {
            throw new ApiError(400, "too_many_sentences", list.size() + " sentences in one request; the limit is "
                    + cfg.maxSentences() + " (split the request)");
        }
        List<String> sentences = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            if (!s.isTextual()) {
                throw new ApiError(400, "invalid_type", "sentences[" + i + "] must be a string, got " + s.getNodeType()
                        .name().toLowerCase(java.util.Locale.ROOT));
            }
            String v = s.textValue();
            int chars = v.codePointCount(0, v.length());
            if (chars > cfg.maxSentenceChars()) {
                throw new ApiError(400, "sentence_too_long", "sentences[" + i + "] has " + chars + " characters; the"
                        + " limit is " + cfg.maxSentenceChars());
            }
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw new ApiError(400, "invalid_sentence", "sentences[" + i + "] contains a line break; send one"
                        + " sentence per list element");
            }
            sentences.add(v);
        }
        int beam = intField(root, "beam", 1, cfg.maxBeam());
        int nbest = intField(root, "nbest", Integer.MIN_VALUE, Integer.MAX_VALUE);
        try {
            return new TranslateRequest(List.copyOf(sentences), DecodeOptions.of(beam, nbest));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "out_of_range", e.getMessage());
        }
    }

    private static int intField(JsonNode root, String name, int min, int max) {
        JsonNode n = root.get(name);
        if (n == null || n.isNull()) {
            return 1;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new ApiError(400, "invalid_type", "\"" + name + "\" must be an integer");
        }
        int v = n.intValue();
        if (v < min || v > max) {
            throw new ApiError(400, "out_of_range", "\"" + name + "\" must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }
}
