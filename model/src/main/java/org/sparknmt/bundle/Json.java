package org.sparknmt.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The JSON of {@link TrainingState} and {@link Provenance}: pretty-printed UTF-8 with a final newline, fields in
 * component order; reading is strict (every field present, no unknown field, no trailing content) and never uses
 * polymorphic typing, so the JSON cannot name a class to instantiate.
 */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final ObjectWriter WRITER = MAPPER.writer();

    private Json() {
    }

    static byte[] write(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WRITER.writeValue(bytes, value);
        bytes.write('\n');
        return bytes.toByteArray();
    }

    static <T> T read(String json, Class<T> type) throws IOException {
        ObjectReader reader = MAPPER.readerFor(type);
        return reader.readValue(json);
    }
}
