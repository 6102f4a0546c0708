package org.sparknmt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code spark-nmt serve} in a JVM of its own, under load from six clients, gets SIGTERM: every request it had
 * accepted is answered with its translations, later ones are refused cleanly (503 or connection refused), and
 * the process exits 0.
 */
class ServeShutdownTest {
    /** One request's start (ms before or after the signal) and its outcome. */
    private record Outcome(long startMillisFromSignal, long endMillisFromSignal, int status, String error, int translations) {
    }

    @Test
    void sigtermDuringLoadFinishesAcceptedRequestsAndExitsZero(@TempDir Path dir) throws Exception {
        Path bundle = Cli.tinyBundle(dir);
        List<String> sentences = Cli.heldOutSources(dir).subList(0, 16);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("serve.log");
        Process p = Cli.startDriver(new String[]{"serve", "--bundle", bundle.toString(), "--port", Integer.toString(port),
                "--poll-seconds", "0", "--drain-seconds", "30"}, log);
        String base = "http://127.0.0.1:" + port;
        HttpClient http = Served.client();
        awaitReady(http, base, p, log);

        long[] signalAt = {Long.MAX_VALUE};
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            running.add(clients.submit(() -> {
                HttpClient own = Served.client();
                for (boolean done = false; !done; ) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> r = Served.translate(own, base, sentences, null);
                        int n = r.statusCode() == 200 ? Served.tree(r.body()).get("translations").size() : 0;
                        outcomes.add(new Outcome(millisFrom(signalAt[0], start), millisFrom(signalAt[0], System.nanoTime()), r.statusCode(),
                                r.statusCode() == 200 ? null : Served.code(r), n));
                        done = r.statusCode() != 200;
                    } catch (IOException e) {
                        outcomes.add(new Outcome(millisFrom(signalAt[0], start), millisFrom(signalAt[0], System.nanoTime()), -1, e.toString(), 0));
                        done = true;
                    }
                }
                return null;
            }));
        }
        while (outcomes.size() < 12) {
            Thread.sleep(50);
        }
        signalAt[0] = System.nanoTime();
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the server exits within its drain bound");
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("SIGTERM: no new requests; finishing accepted ones"), out);

        int drained = 0;
        for (Outcome o : outcomes) {
            if (o.startMillisFromSignal() < -300) { // accepted well before the signal: must be answered in full
                assertEquals(200, o.status(), o.toString());
            }
            if (o.status() == 200) {
                assertEquals(sentences.size(), o.translations(), o.toString());
                drained += o.startMillisFromSignal() < 0 && o.endMillisFromSignal() > 0 ? 1 : 0;
            } else if (o.status() == 503) {
                assertEquals("shutting_down", o.error(), o.toString());
            } else {
                assertTrue(o.startMillisFromSignal() > -300, "only requests sent as the server stopped may fail to"
                        + " connect: " + o);
            }
        }
        // six clients each keep a request outstanding, so about six are in flight when the signal comes
        assertTrue(drained >= 4, "requests in flight at the signal were finished: " + drained + " of " + outcomes);
        System.out.printf("ServeShutdownTest: %d requests, %d in flight at SIGTERM and answered 200, %d refused 503,"
                + " %d could not connect%n", outcomes.size(), drained, outcomes.stream().filter(o -> o.status() == 503).count(),
                outcomes.stream().filter(o -> o.status() == -1).count());
        try {
            Served.get(http, base + "/v1/health", null);
            throw new AssertionError("the port still answers after exit");
        } catch (ConnectException expected) {
            // nothing listens any more
        }
    }

    private static long millisFrom(long signal, long start) {
        return signal == Long.MAX_VALUE ? -1_000_000 : (start - signal) / 1_000_000;
    }

    private static void awaitReady(HttpClient http, String base, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), () -> "serve exited: " + read(log));
            try {
                if (Served.get(http, base + "/v1/ready", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("serve did not become ready: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
