package org.sparknmt.serve;

import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleIO;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.Translator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a one-sentence request's time goes: the same sentences one at a time, first decoded by a {@link Translator}
 * in this process (the decode step at batch 1), then sent to the server one request after another. The difference
 * of the medians is the service's own share (HTTP, parsing, queueing, the batching wait). Part of serve-load.
 */
final class LatencyProbe {
    private LatencyProbe() {
    }

    static String run(String bundle, int port, List<String> sentences, int count) throws Exception {
        Bundle b = BundleIO.read(Path.of(bundle));
        Translator t = Translator.of(b, b.network(), 64, SourceLimit.trainedLimit(b.dataConfigYaml()));
        List<Long> decode = new ArrayList<>();
        for (int i = 0; i < count + 10; i++) {
            long s = System.nanoTime();
            t.translate(List.of(sentences.get(i % sentences.size())));
            if (i >= 10) {
                decode.add(System.nanoTime() - s);
            }
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/translate");
        List<Long> total = new ArrayList<>();
        for (int i = 0; i < count + 10; i++) {
            String body = "{\"sentences\": [" + quote(sentences.get(i % sentences.size())) + "]}";
            long s = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("status " + r.statusCode() + ": " + r.body());
            }
            if (i >= 10) {
                total.add(System.nanoTime() - s);
            }
        }
        double d50 = median(decode);
        double t50 = median(total);
        return String.format(Locale.ROOT, "{\"latency\":true,\"requests\":%d,\"decodeP50Ms\":%.2f,\"requestP50Ms\":%.2f,"
                + "\"requestP99Ms\":%.2f,\"serviceShareP50Ms\":%.2f}", count, d50, t50, percentile(total, 0.99), t50 - d50);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }

    private static double median(List<Long> nanos) {
        return percentile(nanos, 0.5);
    }

    private static double percentile(List<Long> nanos, double q) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }
}
