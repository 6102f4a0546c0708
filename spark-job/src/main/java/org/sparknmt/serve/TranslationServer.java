package org.sparknmt.serve;

import com.sun.net.httpserver.HttpServer;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP translation service (the JDK's own HTTP server: no extra dependency, and it is enough for JSON requests
 * that each wait for a batch): endpoints under {@code /v1}, a {@link DynamicBatcher} with {@code workers} decoding
 * threads, and the {@link HotModel} that reloads when {@code CURRENT} changes.
 */
public final class TranslationServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TranslationServer.class);
    private final HttpServer http;
    private final ExecutorService handlers;
    private final HotModel model;
    private final DynamicBatcher batcher;

    private TranslationServer(HttpServer http, ExecutorService handlers, HotModel model, DynamicBatcher batcher) {
        this.http = http;
        this.handlers = handlers;
        this.model = model;
        this.batcher = batcher;
    }

    /**
     * Binds, loads the model (the server answers {@code /v1/health} at once and {@code /v1/ready} with 503 until the
     * first load succeeds) and starts serving.
     */
    public static TranslationServer start(ServeConfig cfg) throws IOException {
        HotModel model = new HotModel(ModelSource.of(cfg, new Configuration()), cfg.pollSeconds());
        DynamicBatcher batcher = new DynamicBatcher(model::get, cfg.workers(), cfg.queueSentences(),
                cfg.maxBatchSentences(), cfg.maxWaitMillis());
        HttpServer http = HttpServer.create(new InetSocketAddress(cfg.host(), cfg.port()), 128);
        ExecutorService handlers = Executors.newFixedThreadPool(cfg.handlerThreads(), r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(handlers);
        http.createContext(TranslateHandler.PATH, new TranslateHandler(cfg, model, batcher));
        http.createContext("/v1/health", StatusHandlers.health());
        http.createContext("/v1/ready", StatusHandlers.ready(model));
        http.createContext("/v1/model", StatusHandlers.model(model));
        http.createContext("/v1/admin/reload", StatusHandlers.reload(model));
        http.createContext("/", StatusHandlers.notFound());
        http.start();
        TranslationServer server = new TranslationServer(http, handlers, model, batcher);
        LOG.info("listening on http://{}:{}/v1/translate", cfg.host(), server.port());
        model.check();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Whether a model is loaded. */
    public boolean ready() {
        return model.get() != null;
    }

    @Override
    public void close() {
        http.stop(1);
        batcher.close();
        model.close();
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
