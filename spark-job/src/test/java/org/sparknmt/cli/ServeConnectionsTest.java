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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow and hostile clients against the real server on 127.0.0.1: hundreds of stalled connections (unfinished
 * headers, bodies that never end) do not delay a normal client; a client that trickles its headers or its body is
 * cut off by its deadline; a client sending an oversized body gets its 413 (not a reset); beyond the connection limit a client waits for a free slot and is then served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeConnectionsTest {
    private ServedBundle served;
    private final List<Socket> stalled = new ArrayList<>();
    private final HttpClient http = Served.client();

    @BeforeAll
    void train(@TempDir Path dir) throws IOException {
        served = ServedBundle.train(dir, 8);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : stalled) {
            s.close();
        }
        stalled.clear();
        served.stop();
    }

    private String base() {
        return "http://127.0.0.1:" + served.port();
    }

    /** A connection that sent {@code bytes} and nothing more. */
    private Socket stall(String bytes) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", served.port()), 10_000);
        s.getOutputStream().write(bytes.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        stalled.add(s);
        return s;
    }

    @Test
    void fiveHundredStalledConnectionsDoNotDelayANormalClient() throws Exception {
        served.serve(Served.config(served.bundle, new Connections(2048, 120_000, 120_000, 120_000, 5),
                Security.none()));
        HttpResponse<String> alone = Served.translate(http, base(), served.sentences, null);
        assertEquals(200, alone.statusCode(), alone.body());
        for (int i = 0; i < 300; i++) {
            stall("POST /v1/translate HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // headers never finished
        }
        for (int i = 0; i < 200; i++) {
            stall("POST /v1/translate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"sentences\": [\"");   // a body that never ends
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = Served.translate(http, base(), served.sentences, null);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(alone.body(), r.body(), "the same translations with 500 stalled connections open");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // the old server answered nobody until its 30 s request timer freed a thread; the stalls here last 120 s
        assertTrue(seconds < 20, "10 requests took " + seconds + " s beside 500 stalled connections");
        String metrics = Served.get(http, base() + "/metrics", null).body();
        assertTrue(openConnections(metrics) >= 500, "the stalled connections are still open: " + openConnections(metrics));
    }

    @Test
    void aClientTricklingItsHeadersOrBodyIsCutOffByItsDeadline() throws Exception {
        served.serve(Served.config(served.bundle, new Connections(2048, 1_000, 1_000, 60_000, 5),
                Security.none()));
        Socket trickle = stall("POST /v1/translate HTTP/1.1\r\n");
        long t0 = System.nanoTime();
        boolean cut = false;
        OutputStream out = trickle.getOutputStream();
        for (int i = 0; i < 100 && !cut; i++) { // one header byte every 100 ms: never idle, never finished
            try {
                out.write('X');
                out.flush();
                Thread.sleep(100);
            } catch (IOException e) {
                cut = true;
            }
            cut |= closedByServer(trickle, 1);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(cut, "a connection trickling its headers for 10 s was not closed");
        assertTrue(seconds < 5, "closed after " + seconds + " s; the header deadline is 1 s");

        Socket body = stall("POST /v1/translate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"sent");
        String answer = readAll(body, 10_000);
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        assertTrue(answer.contains("\"code\":\"body_timeout\""), answer);
        assertTrue(closedByServer(body, 5_000), "the connection is closed after the 408");
        String metrics = Served.get(http, base() + "/metrics", null).body();
        assertTrue(metrics.contains("sparknmt_header_timeouts_total 1.0"), metrics);
        assertTrue(metrics.contains("sparknmt_http_requests_total{code=\"body_timeout\",endpoint=\"translate\",status=\"408\"} 1.0"),
                metrics);
    }

    @Test
    void aClientSendingAnOversizedBodyReceivesItsRefusal() throws Exception {
        served.serve(Served.config(served.bundle, Connections.defaults(), Security.none()));
        byte[] body = new byte[3 * 64 * 1024]; // three times the limit: read and discarded before the 413
        java.util.Arrays.fill(body, (byte) ' ');
        for (int i = 0; i < 10; i++) {
            Socket s = stall("POST /v1/translate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n");
            Thread.sleep(50); // the headers alone tell the size: a server answering now would reset the body's sender
            s.getOutputStream().write(body);
            String answer = readAll(s, 10_000);
            assertTrue(answer.startsWith("HTTP/1.1 413"), "attempt " + i + ": " + answer);
            assertTrue(answer.contains("\"code\":\"body_too_large\""), answer);
        }
        Socket chunked = stall("POST /v1/translate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        OutputStream out = chunked.getOutputStream();
        for (int i = 0; i < 3; i++) {
            out.write(("10000\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 0x10000);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(20);
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer = readAll(chunked, 10_000);
        assertTrue(answer.startsWith("HTTP/1.1 413"), "chunked: " + answer);

        Socket huge = stall("POST /v1/translate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n\r\n");
        String refused = readAll(huge, 10_000); // far over any drain: refused on its headers, nothing read
        assertTrue(refused.startsWith("HTTP/1.1 413"), refused);
        assertTrue(closedByServer(huge, 5_000), "the connection is closed after the 413");
    }

    @Test
    void beyondTheConnectionLimitAClientWaitsForAFreeSlotAndIsServed() throws Exception {
        served.serve(Served.config(served.bundle, new Connections(4, 1_500, 1_500, 60_000, 5),
                Security.none()));
        long t0 = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            stall("GET /v1/health HTTP/1.1\r\n");
        }
        HttpResponse<String> r = Served.translate(http, base(), served.sentences, null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(seconds >= 1.0, "served after " + seconds + " s: the four stalled connections held every slot"
                + " until their 1.5 s header deadline");
        for (Socket s : stalled) {
            assertTrue(closedByServer(s, 5_000), "a stalled connection was closed at its deadline");
        }
    }

    private static double openConnections(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("sparknmt_open_connections "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
    }

    /** Whether the server closed the socket (end of stream or reset) within {@code millis}. */
    private static boolean closedByServer(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static String readAll(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        byte[] buf = new byte[8192];
        int n = s.getInputStream().read(buf);
        return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
