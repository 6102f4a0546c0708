package org.sparknmt.serve;

import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP translation service: endpoints under {@code /v1} and {@code /metrics} on a {@link JettyServer}
 * (non-blocking reads, connection limit, timeouts, optional TLS and bearer tokens), a {@link DynamicBatcher} with
 * {@code workers} decoding threads, and the {@link HotModel} that reloads when {@code CURRENT} changes.
 * {@link #close} is graceful: no new connections or requests, accepted ones finish (within the drain bound).
 */
public final class TranslationServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TranslationServer.class);
    private final JettyServer http;
    private final HotModel model;
    private final DynamicBatcher batcher;
    private final AtomicBoolean stopping;

    private TranslationServer(JettyServer http, HotModel model, DynamicBatcher batcher, AtomicBoolean stopping) {
        this.http = http;
        this.model = model;
        this.batcher = batcher;
        this.stopping = stopping;
    }

    /**
     * Binds, loads the model (the server answers {@code /v1/health} at once and {@code /v1/ready} with 503 until the
     * first load succeeds) and starts serving.
     */
    public static TranslationServer start(ServeConfig cfg) throws IOException {
        Security security = cfg.security();
        BearerTokens tokens = security.tokenFile() == null ? null : BearerTokens.read(Path.of(security.tokenFile()));
        ServeMetrics metrics = new ServeMetrics();
        HotModel model = new HotModel(ModelSource.of(cfg, new Configuration()), cfg.pollSeconds(), metrics);
        AtomicInteger arriving = new AtomicInteger();
        DynamicBatcher batcher = new DynamicBatcher(model::get, cfg.workers(), cfg.queueSentences(),
                cfg.maxBatchSentences(), cfg.maxWaitMillis(), arriving::get, metrics);
        HeaderDeadlines deadlines = new HeaderDeadlines(cfg.connections().headerTimeoutMillis());
        AtomicBoolean stopping = new AtomicBoolean();
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(TranslateEndpoint.PATH, new Route("POST", true, "translate",
                new TranslateEndpoint(cfg, model, batcher, arriving)));
        routes.put("/v1/health", new Route("GET", false, "health", StatusEndpoints.health()));
        routes.put("/v1/ready", new Route("GET", false, "ready", StatusEndpoints.ready(model, stopping::get)));
        routes.put("/v1/model", new Route("GET", true, "model", StatusEndpoints.model(model)));
        routes.put("/v1/admin/reload", new Route("POST", true, "reload", StatusEndpoints.reload(model)));
        routes.put("/metrics", new Route("GET", true, "metrics", StatusEndpoints.metrics(metrics)));
        ServeHandler handler = new ServeHandler(routes, tokens, metrics, deadlines);
        JettyServer http = JettyServer.start(cfg, handler, deadlines);
        metrics.gauges(batcher::queuedSentences, http::openConnections, deadlines::closedForTimeout);
        TranslationServer server = new TranslationServer(http, model, batcher, stopping);
        LOG.info("listening on {}://{}:{}/v1/translate ({}{})", security.tls() == null ? "http" : "https", cfg.host(),
                http.port(), security.tls() == null ? "plain HTTP" : "TLS and HTTP/2",
                tokens == null ? ", no authentication" : ", bearer tokens from " + security.tokenFile());
        model.check();
        return server;
    }

    public int port() {
        return http.port();
    }

    /** Whether a model is loaded. */
    public boolean ready() {
        return model.get() != null;
    }

    /** Stops accepting, lets accepted requests finish within the drain bound, then stops decoding. */
    @Override
    public void close() {
        stopping.set(true); // /v1/ready answers 503 from now on, while accepted requests drain
        http.stop();
        batcher.close();
        model.close();
    }
}
