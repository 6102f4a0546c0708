package org.sparknmt.serve;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Jetty 12, set up for a JSON API that faces untrusted clients: one connector (HTTP/1.1; over TLS also HTTP/2 by
 * ALPN), the connection limit, the idle timeout, header deadlines, no server version in responses, and a graceful
 * stop that closes the connector first and then waits for accepted requests ({@link GracefulHandler}).
 * Chosen over Netty and Undertow: non-blocking reads, timeouts, connection limits, TLS and HTTP/2 are all Jetty's
 * own, maintained parts, and its async handler API lets a request wait for its batch without a thread.
 */
final class JettyServer {
    private final Server server;
    private final ServerConnector connector;
    private final HeaderDeadlines deadlines;
    private JettyServer(Server server, ServerConnector connector, HeaderDeadlines deadlines) {
        this.server = server;
        this.connector = connector;
        this.deadlines = deadlines;
    }

    static JettyServer start(ServeConfig cfg, ServeHandler handler, HeaderDeadlines deadlines) throws IOException {
        Connections c = cfg.connections();
        QueuedThreadPool threads = new QueuedThreadPool(cfg.handlerThreads(), Math.min(8, cfg.handlerThreads()));
        threads.setName("http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setDelayDispatchUntilContent(false); // the handler reads the body itself, under the body timeout
        http.setIdleTimeout(c.idleTimeoutMillis());
        ServerConnector connector = new ServerConnector(server, 1, 1, factories(cfg, http));
        connector.setHost(cfg.host());
        connector.setPort(cfg.port());
        connector.setIdleTimeout(c.idleTimeoutMillis());
        connector.setAcceptQueueSize(1024);
        connector.addBean(deadlines);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(c.maxConnections(), server));
        server.setHandler(new Draining(handler));
        server.setStopTimeout(TimeUnit.SECONDS.toMillis(c.drainSeconds()));
        server.setStopAtShutdown(false); // the command's signal handler stops it, gracefully
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("cannot listen on " + cfg.host() + ":" + cfg.port() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not start: " + e.getMessage(), e);
        }
        return new JettyServer(server, connector, deadlines);
    }

    private static ConnectionFactory[] factories(ServeConfig cfg, HttpConfiguration http) {
        TlsConfig tls = cfg.security().tls();
        if (tls == null) {
            return new ConnectionFactory[]{new HttpConnectionFactory(http)};
        }
        http.addCustomizer(new SecureRequestCustomizer(false)); // no SNI host check: clients use IPs and names alike
        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), h1.getProtocol());
        alpn.setDefaultProtocol(h1.getProtocol());
        SslConnectionFactory ssl = new SslConnectionFactory(ServerTls.contextFactory(tls), alpn.getProtocol());
        return new ConnectionFactory[]{ssl, alpn, h2, h1};
    }

    /** While draining, a new request on a kept-alive connection gets our JSON 503 and the connection closes. */
    private static final class Draining extends GracefulHandler {
        Draining(ServeHandler handler) {
            super(handler);
        }

        @Override
        protected void handleShutdownRejection(Request request, Response response, Callback callback) {
            response.setStatus(SHUTTING_DOWN.status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Exchange.JSON_TYPE);
            SHUTTING_DOWN.headers.forEach(response.getHeaders()::put);
            response.write(true, ByteBuffer.wrap(SHUTTING_DOWN.body(null)), callback);
        }
    }

    private static final ApiError SHUTTING_DOWN = new ApiError(503, "shutting_down",
            "the server is shutting down; retry on another instance", Map.of("Retry-After", "1", "Connection", "close"));

    int port() {
        return connector.getLocalPort();
    }

    int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    /** Graceful: see the class comment. Requests still running after the drain bound are cut off. */
    void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not stop cleanly: " + e.getMessage(), e);
        } finally {
            deadlines.close();
        }
    }
}
