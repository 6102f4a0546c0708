package org.sparknmt.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sparknmt.serve.Connections;
import org.sparknmt.serve.Security;
import org.sparknmt.serve.TranslationServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /metrics} after known traffic: parsed as Prometheus text, its counters and histogram counts equal
 * what was sent; request ids are taken from {@code X-Request-Id} or made, and returned on every answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeMetricsTest {
    private ServedBundle served;
    private final HttpClient http = Served.client();

    @BeforeAll
    void train(@TempDir Path dir) throws IOException {
        served = ServedBundle.train(dir, 6);
    }

    @AfterEach
    void stop() {
        served.stop();
    }

    @Test
    void countersAndHistogramsMatchTheTrafficSent() throws Exception {
        served.serve(Served.config(served.bundle, Connections.defaults(), Security.none()));
        String base = "http://127.0.0.1:" + served.port();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, Served.translate(http, base, served.sentences.subList(2 * i, 2 * i + 2), null).statusCode());
        }
        HttpResponse<String> bad = post(base + "/v1/translate", "{\"sentences\": [", null);
        assertEquals(400, bad.statusCode());
        assertEquals(405, Served.get(http, base + "/v1/translate", null).statusCode());
        assertEquals(404, Served.get(http, base + "/nothing", null).statusCode());

        HttpResponse<String> scrape = Served.get(http, base + "/metrics", null);
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), scrape.headers().toString());
        Map<String, Double> m = parse(scrape.body());
        assertEquals(3.0, m.get("sparknmt_http_requests_total{code=\"ok\",endpoint=\"translate\",status=\"200\"}"));
        assertEquals(1.0, m.get("sparknmt_http_requests_total{code=\"invalid_json\",endpoint=\"translate\",status=\"400\"}"));
        assertEquals(1.0, m.get("sparknmt_http_requests_total{code=\"method_not_allowed\",endpoint=\"translate\",status=\"405\"}"));
        assertEquals(1.0, m.get("sparknmt_http_requests_total{code=\"not_found\",endpoint=\"other\",status=\"404\"}"));
        assertEquals(6.0, m.get("sparknmt_sentences_total"));
        assertEquals(3.0, m.get("sparknmt_queue_wait_seconds_count"), "one queue wait per translated request");
        double batches = m.get("sparknmt_batch_sentences_count");
        assertTrue(batches >= 1 && batches <= 3, "batches: " + batches);
        assertEquals(6.0, m.get("sparknmt_batch_sentences_sum"));
        assertEquals(batches, m.get("sparknmt_decode_duration_seconds_count"));
        assertEquals(5.0, m.get("sparknmt_request_duration_seconds_count{endpoint=\"translate\"}"));
        assertEquals(0.0, m.get("sparknmt_queue_sentences"));
        assertTrue(m.get("sparknmt_open_connections") >= 1);
        assertEquals(1.0, m.get("sparknmt_model_reloads_total{outcome=\"loaded\"}"));
        String modelId = Served.tree(Served.get(http, base + "/v1/model", null).body()).get("id").asText();
        assertEquals(1.0, m.get("sparknmt_model_info{model=\"" + modelId + "\"}"));
        assertTrue(m.get("jvm_memory_used_bytes{area=\"heap\"}") > 0, "JVM metrics are included");
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_collection_seconds_count")), "GC metrics");
    }

    @Test
    void requestIdsAreTakenOrMadeAndReturned() throws Exception {
        served.serve(Served.config(served.bundle, Connections.defaults(), Security.none()));
        String base = "http://127.0.0.1:" + served.port();
        HttpResponse<String> given = post(base + "/v1/translate", "{\"sentences\": [\"x\"]}", "trace-42.a");
        assertEquals(200, given.statusCode());
        assertEquals("trace-42.a", given.headers().firstValue("X-Request-Id").orElse(""));
        HttpResponse<String> made = post(base + "/v1/translate", "{\"sentences\": 1}", null);
        String id = made.headers().firstValue("X-Request-Id").orElse("");
        assertTrue(id.matches("[0-9a-f-]{36}"), "a UUID is made: " + id);
        assertEquals(id, Served.tree(made.body()).get("error").get("requestId").asText(), "errors carry it too");
        HttpResponse<String> insane = post(base + "/v1/translate", "{\"sentences\": [\"x\"]}", "bad id with spaces");
        assertTrue(insane.headers().firstValue("X-Request-Id").orElse("").matches("[0-9a-f-]{36}"),
                "an id that is not a plain token is replaced");
    }

    private HttpResponse<String> post(String url, String body, String requestId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Prometheus text format: one sample per line, {@code name{labels} value}; comments skipped. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
