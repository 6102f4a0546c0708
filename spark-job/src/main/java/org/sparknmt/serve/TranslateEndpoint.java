package org.sparknmt.serve;

import org.eclipse.jetty.io.Content;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.Translation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /v1/translate}, without holding a thread at any point: the body is read asynchronously (408 when it
 * does not arrive within the body timeout, 413 over the size limit), checked, queued for the {@link DynamicBatcher}
 * (503 with Retry-After when the queue is full or no model is loaded yet), and answered from the decoding thread as
 * {@code {"model": id, "translations": [{"text": ..., "score": ..., "nbest": [...]}]}} in request order.
 */
final class TranslateEndpoint implements Route.Endpoint {
    static final String PATH = "/v1/translate";
    private final ServeConfig cfg;
    private final HotModel model;
    private final DynamicBatcher batcher;
    private final AtomicInteger arriving;
    /** Bodies up to this many times the limit are read and discarded before their 413 (see {@link BoundedBody}). */
    static final int DRAIN_FACTOR = 16;

    /** @param arriving counts requests between their headers and their queueing, for the batcher's wait */
    TranslateEndpoint(ServeConfig cfg, HotModel model, DynamicBatcher batcher, AtomicInteger arriving) {
        this.cfg = cfg;
        this.model = model;
        this.batcher = batcher;
        this.arriving = arriving;
    }

    @Override
    public void handle(Exchange ex) {
        long declared = ex.request.getLength();
        long drainLimit = (long) DRAIN_FACTOR * cfg.maxBodyBytes();
        if (declared > drainLimit) {
            throw tooLarge();
        }
        boolean mayQueue = declared <= cfg.maxBodyBytes(); // a body declared too large is only drained, never queued
        if (mayQueue) {
            arriving.incrementAndGet();
        }
        BoundedBody.read(ex.request, cfg.maxBodyBytes(), drainLimit)
                .orTimeout(cfg.connections().bodyTimeoutMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((body, failure) -> {
                    if (mayQueue) {
                        arriving.decrementAndGet();
                    }
                    answer(ex, body, failure);
                });
    }

    private void answer(Exchange ex, byte[] body, Throwable failure) {
        ex.answering("translate", () -> {
            if (failure != null) {
                throw unreadable(unwrap(failure));
            }
            TranslateRequest req = TranslateRequest.parse(body, cfg);
            ex.sentences(req.sentences().size());
            translate(req).orTimeout(cfg.requestTimeoutSeconds(), TimeUnit.SECONDS).whenComplete((r, f) ->
                    ex.answering("translate", () -> {
                        if (f != null) {
                            throw decodingFailure(unwrap(f));
                        }
                        ex.send(200, response(r, req.options().nBest() > 1));
                    }));
        });
    }

    private CompletableFuture<DynamicBatcher.Result> translate(TranslateRequest req) {
        if (model.get() == null) {
            throw new ApiError(503, "not_ready", "no model is loaded yet; see GET /v1/ready");
        }
        DynamicBatcher.Job job = new DynamicBatcher.Job(req.sentences(), req.options());
        if (!batcher.submit(job)) {
            throw new ApiError(503, "overloaded", "the translation queue is full (" + cfg.queueSentences()
                    + " sentences); retry after a moment");
        }
        return job.result();
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private ApiError unreadable(Throwable t) {
        if (t instanceof BoundedBody.TooLarge) {
            return tooLarge();
        }
        if (t instanceof TimeoutException) {
            return new ApiError(408, "body_timeout", "the request body did not arrive within "
                    + cfg.connections().bodyTimeoutMillis() + " ms", Map.of("Connection", "close"));
        }
        return new ApiError(400, "unreadable_body", "the request body could not be read: " + t.getMessage(),
                Map.of("Connection", "close"));
    }

    private ApiError tooLarge() {
        return new ApiError(413, "body_too_large", "the request body is over the limit of " + cfg.maxBodyBytes()
                + " bytes", Map.of("Connection", "close"));
    }

    private ApiError decodingFailure(Throwable t) {
        if (t instanceof TimeoutException) {
            return new ApiError(503, "timeout", "the translation did not finish within " + cfg.requestTimeoutSeconds()
                    + " s; retry later or send fewer sentences");
        }
        if (t instanceof SourceLimit.OverlongException o) {
            return new ApiError(422, "source_too_long", o.getMessage() + "; split the sentence");
        }
        if (t instanceof DynamicBatcher.ShuttingDown) {
            return new ApiError(503, "shutting_down", t.getMessage());
        }
        throw new IllegalStateException("decoding failed", t);
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
