package org.sparknmt.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.sparknmt.translate.OverlongPolicy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load-test harness (not a test), run by {@code bench/serve-load}: starts the service on 127.0.0.1 with a bundle,
 * then for each client count sends one-sentence requests from that many concurrent clients for a fixed number of
 * requests, with dynamic batching on ({@code --max-wait-ms 5}) and off (0). Prints one JSON line per run:
 * sentences/s, p50/p99 latency, and counts of 200, 503 and other statuses. With {@code --stalled N} each run is
 * repeated beside N stalled connections ({@link StalledClients}); {@code --latency K} first times K one-sentence
 * requests one after another against the decode step alone ({@link LatencyProbe}).
 * <pre>ServeLoad --bundle FILE --input FILE [--clients 1,8,32] [--requests 400] [--workers 1] [--stalled 500] [--latency 100]</pre>
 */
public final class ServeLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServeLoad() {
    }

    public static void main(String[] args) throws Exception {
        String bundle = null;
        Path input = null;
        List<Integer> clientCounts = List.of(1, 8, 32);
        int requests = 400;
        int workers = 1;
        int stalled = 0;
        int latency = 0;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--bundle" -> bundle = args[i + 1];
                case "--input" -> input = Path.of(args[i + 1]);
                case "--clients" -> clientCounts = java.util.Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
                case "--requests" -> requests = Integer.parseInt(args[i + 1]);
                case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                case "--stalled" -> stalled = Integer.parseInt(args[i + 1]);
                case "--latency" -> latency = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<String> sentences = Files.readAllLines(input, StandardCharsets.UTF_8);
        for (int wait : new int[]{5, 0}) {
            ServeConfig cfg = new ServeConfig("127.0.0.1", 0, null, bundle, workers, 64, 64, wait, 1024, 64, 1000,
                    1 << 20, 10, 0, OverlongPolicy.TRUNCATE, 0, 120, 128, Connections.defaults(), Security.none());
            try (TranslationServer server = TranslationServer.start(cfg)) {
                run(server.port(), sentences, 1, Math.min(requests, 50), wait, true, 0); // warm-up
                if (latency > 0 && wait > 0) {
                    System.out.println(LatencyProbe.run(bundle, server.port(), sentences, latency));
                }
                for (int clients : clientCounts) {
                    run(server.port(), sentences, clients, requests, wait, false, 0);
                    if (stalled > 0) {
                        try (StalledClients hostile = StalledClients.open(server.port(), stalled)) {
                            run(server.port(), sentences, clients, requests, wait, false, hostile.open());
                        }
                    }
                }
            }
        }
        System.exit(0); // the JDK HTTP client keeps selector threads alive for a while
    }

    private static void run(int port, List<String> sentences, int clients, int requests, int waitMs, boolean warmup,
                            int stalled) throws Exception {
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/translate");
        AtomicInteger next = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < requests; ) {
                    byte[] body = JSON.writeValueAsBytes(Map.of("sentences", List.of(sentences.get(i % sentences.size()))));
                    long s = System.nanoTime();
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - s);
                    (r.statusCode() == 200 ? ok : r.statusCode() == 503 ? busy : other).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        clientThreads.shutdown();
        if (warmup) {
            return;
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "{\"batching\":%s,\"maxWaitMs\":%d,\"clients\":%d,\"stalled\":%d,"
                        + "\"requests\":%d,\"sentencesPerSec\":%.1f,\"p50Ms\":%.1f,\"p99Ms\":%.1f,\"ok\":%d,\"status503\":%d,"
                        + "\"other\":%d}", waitMs > 0, waitMs, clients, stalled, requests, ok.get() / seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.99), ok.get(), busy.get(), other.get()));
    }

    private static double percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1e6;
    }
}
