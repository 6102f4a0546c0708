package org.sparknmt.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.Translation;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/translate}: checks the request, queues it for the {@link DynamicBatcher} (503 with Retry-After
 * when the queue is full or no model is loaded yet) and answers
 * {@code {"model": id, "translations": [{"text": ..., "score": ..., "nbest": [...]}]}} in request order.
 */
final class TranslateHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TranslateHandler.class);
    static final String PATH = "/v1/translate";
    private final ServeConfig cfg;
    private final HotModel model;
    private final DynamicBatcher batcher;

    TranslateHandler(ServeConfig cfg, HotModel model, DynamicBatcher batcher) {
        this.cfg = cfg;
        this.model = model;
        this.batcher = batcher;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                Exchanges.expect(ex, "POST", PATH);
                Exchanges.send(ex, 200, translate(TranslateRequest.parse(body(ex), cfg)));
            } catch (ApiError e) {
                Exchanges.error(ex, e);
            } catch (RuntimeException e) {
                LOG.error("translation request failed", e);
                Exchanges.error(ex, new ApiError(500, "internal", "the server failed to translate: " + e));
            }
        }
    }

    private static final long DRAIN_BYTES = 8L << 20;

    private byte[] body(HttpExchange ex) throws IOException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > cfg.maxBodyBytes()) {
                    throw tooLarge(ex);
                }
            } catch (NumberFormatException e) {
                throw new ApiError(400, "invalid_request", "Content-Length is not a number: " + declared);
            }
        }
        byte[] body = ex.getRequestBody().readNBytes(cfg.maxBodyBytes() + 1);
        if (body.length > cfg.maxBodyBytes()) {
            throw tooLarge(ex);
        }
        return body;
    }

    /**
     * The refusal of an oversized body, after reading what is left of it (up to {@value #DRAIN_BYTES} bytes): closing
     * a connection with unread request bytes makes the kernel send a reset, which can destroy the 413 response on
     * its way to the client (seen in CI). The JDK server itself drains only 64 KiB.
     */
    private ApiError tooLarge(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        byte[] buf = new byte[8192];
        long drained = 0;
        for (int n; drained < DRAIN_BYTES && (n = in.read(buf)) > 0; ) {
            drained += n;
        }
        return new ApiError(413, "body_too_large", "the request body is over the limit of " + cfg.maxBodyBytes() + " bytes");
    }

    private Map<String, Object> translate(TranslateRequest req) {
        if (model.get() == null) {
            throw new ApiError(503, "not_ready", "no model is loaded yet; see GET /v1/ready");
        }
        DynamicBatcher.Job job = new DynamicBatcher.Job(req.sentences(), req.options(), new CompletableFuture<>());
        if (!batcher.submit(job)) {
            throw new ApiError(503, "overloaded", "the translation queue is full (" + cfg.queueSentences()
                    + " sentences); retry after a moment");
        }
        DynamicBatcher.Result r;
        try {
            r = job.result().get(cfg.requestTimeoutSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            job.result().cancel(false);
            throw new ApiError(503, "timeout", "the translation did not finish within " + cfg.requestTimeoutSeconds()
                    + " s; retry later or send fewer sentences");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "shutting_down", "the server is shutting down");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SourceLimit.OverlongException o) {
                throw new ApiError(422, "source_too_long", o.getMessage() + "; split the sentence");
            }
            throw new IllegalStateException("decoding failed", e.getCause());
        }
        return response(r, req.options().nBest() > 1);
    }

    private static Map<String, Object> response(DynamicBatcher.Result r, boolean nbest) {
        List<Map<String, Object>> out = new ArrayList<>(r.translations().size());
        for (List<Translation> list : r.translations()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("text", list.isEmpty() ? "" : list.get(0).text());
            t.put("score", list.isEmpty() ? null : list.get(0).score());
            if (nbest) {
                List<Map<String, Object>> alternatives = new ArrayList<>();
                for (Translation a : list) {
                    alternatives.add(Map.of("text", a.text(), "score", a.score()));
                }
                t.put("nbest", alternatives);
            }
            out.add(t);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", r.modelId());
        body.put("translations", out);
        return body;
    }
}
