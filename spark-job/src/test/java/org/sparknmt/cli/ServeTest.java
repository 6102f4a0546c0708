package org.sparknmt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleIO;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.serve.Connections;
import org.sparknmt.serve.Security;
import org.sparknmt.serve.ServeConfig;
import org.sparknmt.serve.TranslationServer;
import org.sparknmt.translate.OverlongPolicy;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.Translation;
import org.sparknmt.translate.Translator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP service on 127.0.0.1 (a random port) with real bundles: translations equal the Translator's, every bad
 * input gets its 4xx and a JSON error, a new CURRENT is picked up under continuous requests without dropping one,
 * a corrupt new bundle leaves the old one serving, and a full queue answers 503 with Retry-After.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();
    private Path tmp;
    private Path bundleA;
    private Path bundleB;
    private List<String> sentences;
    private TranslationServer server;

    @BeforeAll
    void train(@TempDir Path dir) throws IOException {
        tmp = dir;
        bundleB = Cli.tinyBundle(dir); // step 12
        bundleA = dir.resolve("run/checkpoints/step-000000006.bundle");
        assertTrue(Files.exists(bundleA), "the tiny run keeps its step-6 checkpoint");
        sentences = Cli.heldOutSources(dir).subList(0, 40);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private ServeConfig config(String modelDir, String bundle, int queueSentences, int pollSeconds) {
        return new ServeConfig("127.0.0.1", 0, modelDir, bundle, 1, 64, 64, 5, queueSentences, 64, 300,
                64 * 1024, 10, 0, OverlongPolicy.FAIL, pollSeconds, 60, 64, Connections.defaults(), Security.none());
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json").build();
        return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> translate(Object body) throws Exception {
        return post("/v1/translate", JSON.writeValueAsBytes(body));
    }

    @Test
    void translationsEqualTheTranslatorsAndTheModelIsDescribed() throws Exception {
        server = TranslationServer.start(config(null, bundleB.toString(), 1024, 0));
        assertEquals(200, get("/v1/health").statusCode());
        assertEquals(200, get("/v1/ready").statusCode());

        Bundle b = BundleIO.read(bundleB);
        Translator t = Translator.of(b, b.network(), 64, SourceLimit.trainedLimit(b.dataConfigYaml()));
        List<String> withEmpty = new ArrayList<>(sentences);
        withEmpty.add(3, "");
        HttpResponse<String> r = translate(Map.of("sentences", withEmpty));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        List<String> expected = t.translate(withEmpty);
        assertEquals(withEmpty.size(), body.get("translations").size());
        for (int i = 0; i < withEmpty.size(); i++) {
            assertEquals(expected.get(i), body.get("translations").get(i).get("text").asText(), "sentence " + i);
        }
        assertEquals("", body.get("translations").get(3).get("text").asText());
        assertTrue(body.get("model").asText().startsWith("step-000000012.bundle@"), r.body());

        HttpResponse<String> nb = translate(Map.of("sentences", sentences.subList(0, 5), "beam", 4, "nbest", 3));
        assertEquals(200, nb.statusCode(), nb.body());
        List<List<Translation>> exp = t.translateNBest(sentences.subList(0, 5), DecodeOptions.beam(4).withNBest(3));
        for (int i = 0; i < 5; i++) {
            JsonNode alts = JSON.readTree(nb.body()).get("translations").get(i).get("nbest");
            assertEquals(exp.get(i).size(), alts.size());
            for (int k = 0; k < alts.size(); k++) {
                assertEquals(exp.get(i).get(k).text(), alts.get(k).get("text").asText());
                assertEquals(exp.get(i).get(k).score(), alts.get(k).get("score").asDouble(), 1e-9);
            }
        }

        JsonNode model = JSON.readTree(get("/v1/model").body());
        assertEquals(b.provenance().prepManifestSha256(), model.get("prepManifestSha256").asText());
        assertEquals(12, model.get("trainingStep").asInt());
        assertEquals(Bundle.FORMAT_VERSION, model.get("formatVersion").asInt());
        assertEquals(64, model.get("bundleSha256").asText().length());
    }

    @Test
    void everyBadInputGetsItsStatusAndAJsonError() throws Exception {
        server = TranslationServer.start(config(null, bundleB.toString(), 1024, 0));
        String longSentence = String.join(" ", Collections.nCopies(60, "x")); // 119 chars: under 300
        String overSubwords = String.join("", sentences).repeat(3).substring(0, 290); // 290 characters: far over 100 subwords
        Object[][] cases = {
                {"{\"sentences\": [\"a\"", 400, "invalid_json"},
                {"[\"a\"]", 400, "invalid_request"},
                {"{\"sentences\": \"a\"}", 400, "invalid_type"},
                {"{\"sentences\": [\"a\", 3]}", 400, "invalid_type"},
                {"{\"sentences\": [\"a\"], \"beam\": \"5\"}", 400, "invalid_type"},
                {"{\"sentences\": [\"a\"], \"beam\": 11}", 400, "out_of_range"},
                {"{\"sentences\": [\"a\"], \"beam\": 2, \"nbest\": 3}", 400, "out_of_range"},
                {"{\"sentences\": [\"a\"], \"temperature\": 1}", 400, "unknown_field"},
                {"{\"sentences\": []}", 400, "empty_list"},
                {JSON.writeValueAsString(Map.of("sentences", Collections.nCopies(65, "a"))), 400, "too_many_sentences"},
                {JSON.writeValueAsString(Map.of("sentences", List.of(longSentence + longSentence + longSentence))), 400, "sentence_too_long"},
                {JSON.writeValueAsString(Map.of("sentences", List.of("a\nb"))), 400, "invalid_sentence"},
                {JSON.writeValueAsString(Map.of("sentences", List.of(overSubwords))), 422, "source_too_long"},
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = post("/v1/translate", ((String) c[0]).getBytes(StandardCharsets.UTF_8));
            assertEquals(c[1], r.statusCode(), c[0] + " -> " + r.body());
            assertEquals(c[2], JSON.readTree(r.body()).get("error").get("code").asText(), c[0] + " -> " + r.body());
            assertFalse(JSON.readTree(r.body()).get("error").get("message").asText().isBlank());
        }
        byte[] invalidUtf8 = "{\"sentences\": [\"caf\u00e9\"]}".getBytes(StandardCharsets.UTF_8);
        invalidUtf8[17] = (byte) 0xff;
        HttpResponse<String> bad = post("/v1/translate", invalidUtf8);
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals("invalid_utf8", JSON.readTree(bad.body()).get("error").get("code").asText());

        byte[] huge = new byte[64 * 1024 + 1];
        Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> big = post("/v1/translate", huge);
        assertEquals(413, big.statusCode(), big.body());
        assertEquals("body_too_large", JSON.readTree(big.body()).get("error").get("code").asText());

        assertEquals(405, get("/v1/translate").statusCode());
        assertEquals(404, get("/v2/translate").statusCode());
        assertEquals(404, get("/v1/translatex").statusCode());
        assertEquals(200, translate(Map.of("sentences", List.of(sentences.get(0)))).statusCode(), "still serving");
    }

    @Test
    void aNewCurrentIsServedUnderContinuousRequestsAndACorruptOneIsRejected() throws Exception {
        Path modelDir = Files.createDirectories(tmp.resolve("models/bundles"));
        Files.copy(bundleA, modelDir.resolve("a.bundle"));
        Files.copy(bundleB, modelDir.resolve("b.bundle"));
        Path dir = modelDir.getParent();
        pointTo(dir, "bundles/a.bundle");
        server = TranslationServer.start(config(dir.toString(), null, 1024, 1));
        String idA = JSON.readTree(get("/v1/ready").body()).get("model").asText();
        assertTrue(idA.startsWith("a.bundle@"), idA);

        int clients = 4;
        AtomicBoolean stop = new AtomicBoolean();
        Map<Integer, List<String>> seen = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            seen.put(client, new CopyOnWriteArrayList<>());
            running.add(pool.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        HttpResponse<String> r = translate(Map.of("sentences", sentences.subList(i % 30, i % 30 + 3)));
                        if (r.statusCode() != 200) {
                            failures.add(r.statusCode() + " " + r.body());
                        } else {
                            seen.get(client).add(JSON.readTree(r.body()).get("model").asText());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        Thread.sleep(1500);
        pointTo(dir, "bundles/b.bundle");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.values().stream().noneMatch(l -> !l.isEmpty() && l.get(l.size() - 1).startsWith("b.bundle@"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1500);
        stop.set(true);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(List.of(), failures, "no request failed or was dropped during the switch");
        for (List<String> ids : seen.values()) {
            assertTrue(ids.get(0).startsWith("a.bundle@"), ids.get(0));
            assertTrue(ids.get(ids.size() - 1).startsWith("b.bundle@"), "switched: " + ids.get(ids.size() - 1));
            int firstB = ids.indexOf(ids.stream().filter(id -> id.startsWith("b.bundle@")).findFirst().orElseThrow());
            assertTrue(ids.subList(firstB, ids.size()).stream().allMatch(id -> id.startsWith("b.bundle@")),
                    "once a client got the new model it never gets the old one again");
        }
        String idB = JSON.readTree(get("/v1/model").body()).get("id").asText();
        assertNotEquals(idA, idB);

        byte[] whole = Files.readAllBytes(bundleA);
        Files.write(modelDir.resolve("corrupt.bundle"), Arrays.copyOf(whole, whole.length - 100));
        pointTo(dir, "bundles/corrupt.bundle");
        HttpResponse<String> reload = post("/v1/admin/reload", new byte[0]);
        assertEquals(422, reload.statusCode(), reload.body());
        assertTrue(reload.body().contains("corrupt.bundle") && reload.body().contains("still serving " + idB), reload.body());
        HttpResponse<String> after = translate(Map.of("sentences", sentences.subList(0, 2)));
        assertEquals(200, after.statusCode(), after.body());
        assertEquals(idB, JSON.readTree(after.body()).get("model").asText(), "the old model keeps serving");
        assertTrue(JSON.readTree(get("/v1/model").body()).get("lastReloadError").asText().contains("corrupt.bundle"));
    }

    @Test
    void aFullQueueAnswers503WithRetryAfter() throws Exception {
        server = TranslationServer.start(config(null, bundleB.toString(), 64, 0));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            many.add(sentences.get(i % sentences.size()));
        }
        byte[] body = JSON.writeValueAsBytes(Map.of("sentences", many, "beam", 5));
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(pool.submit(() -> post("/v1/translate", body)));
        }
        int ok = 0;
        int busy = 0;
        for (Future<HttpResponse<String>> f : calls) {
            HttpResponse<String> r = f.get(5, TimeUnit.MINUTES);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(503, r.statusCode(), r.body());
                assertEquals("overloaded", JSON.readTree(r.body()).get("error").get("code").asText());
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
                busy++;
            }
        }
        pool.shutdown();
        assertTrue(ok >= 1 && busy >= 1, "some served, some refused at once: " + ok + " ok, " + busy + " 503");
    }

    private static void pointTo(Path modelDir, String bundle) throws IOException {
        Path tmpPointer = Files.writeString(modelDir.resolve(".CURRENT.tmp"), bundle + "\n", StandardCharsets.UTF_8);
        Files.move(tmpPointer, modelDir.resolve("CURRENT"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
