package org.sparknmt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sparknmt.serve.Connections;
import org.sparknmt.serve.Security;
import org.sparknmt.serve.ServeConfig;
import org.sparknmt.translate.OverlongPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Test helpers for the HTTP service: a config for one bundle, and JSON requests with an optional bearer token. */
final class Served {
    static final ObjectMapper JSON = new ObjectMapper();

    private Served() {
    }

    static ServeConfig config(Path bundle, Connections connections, Security security) {
        return new ServeConfig("127.0.0.1", 0, null, bundle.toString(), 1, 64, 64, 5, 1024, 64, 300, 64 * 1024, 10, 0,
                OverlongPolicy.FAIL, 0, 60, 64, connections, security);
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    static HttpResponse<String> translate(HttpClient http, String base, List<String> sentences, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/translate"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(Map.of("sentences", sentences))));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> get(HttpClient http, String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error code of a JSON error answer. */
    static String code(HttpResponse<String> r) {
        return tree(r.body()).get("error").get("code").asText();
    }
}
