package org.sparknmt.serve;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile clients for serve-load: connections that send part of a request and then nothing, half of them stopping
 * inside the headers and half inside a declared body. Loopback only; closed by {@link #close}.
 */
final class StalledClients implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    static StalledClients open(int port, int count) throws IOException {
        StalledClients c = new StalledClients();
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            String partial = i % 2 == 0 ? "POST /v1/translate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    : "POST /v1/translate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4096\r\n\r\n{\"sentences\": [\"";
            s.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            c.sockets.add(s);
        }
        return c;
    }

    /** How many of the connections the server has not closed. */
    int open() {
        int n = 0;
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(1);
                n += s.getInputStream().read() < 0 ? 0 : 1;
            } catch (java.net.SocketTimeoutException e) {
                n++; // nothing to read: still open
            } catch (IOException e) {
                // reset: closed
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }
}
