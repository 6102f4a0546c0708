package org.sparknmt.serve;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * One request and its single answer. The answer may come from any thread (the request's, a decoding worker's, a
 * timer's); the first {@code send} wins and later ones are ignored, so a timeout racing a finished batch answers
 * once. Every answer carries the request id ({@code X-Request-Id}: the client's if it sent a sane one, else a new
 * UUID), is counted in the metrics and gets one access-log line (logger {@code org.sparknmt.serve.access}).
 */
final class Exchange {
    private static final Logger ACCESS = LoggerFactory.getLogger("org.sparknmt.serve.access");
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    static final String REQUEST_ID = "X-Request-Id";
    static final String JSON_TYPE = "application/json; charset=utf-8";
    final Request request;
    private final Response response;
    private final Callback callback;
    private final ServeMetrics metrics;
    private final Runnable onAnswered;
    private final long start = System.nanoTime();
    private final AtomicBoolean answered = new AtomicBoolean();
    final String id;
    private volatile String endpoint = "other";
    private volatile int sentences = -1;

    Exchange(Request request, Response response, Callback callback, ServeMetrics metrics, Runnable onAnswered) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.metrics = metrics;
        this.onAnswered = onAnswered;
        String given = request.getHeaders().get(REQUEST_ID);
        this.id = given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    /** The endpoint's name in metrics and the access log. */
    void endpoint(String name) {
        endpoint = name;
    }

    /** How many sentences the request carried, for the access log. */
    void sentences(int n) {
        sentences = n;
    }

    void send(int status, Object body) {
        send(status, body, "ok", Map.of());
    }

    /** A JSON answer counted under {@code code}, with extra headers. */
    void send(int status, Object body, String code, Map<String, String> headers) {
        send(status, JSON_TYPE, ApiError.json(body), code, headers);
    }

    void error(ApiError e) {
        send(e.status, JSON_TYPE, e.body(id), e.code, e.headers);
    }

    /**
     * Runs a step of answering this request: a refusal it throws ({@link ApiError}) is the answer; any other failure
     * is logged and answered with 500 {@code internal}, saying what {@code failing} (e.g. "translate").
     */
    void answering(String failing, Step step) {
        try {
            step.run();
        } catch (ApiError e) {
            error(e);
        } catch (Exception e) {
            LOG.error("request {}: failed to {}", id, failing, e);
            error(new ApiError(500, "internal", "the server failed to " + failing + ": " + e));
        }
    }

    /** Answers once; false when the request was already answered. */
    boolean send(int status, String contentType, byte[] body, String code, Map<String, String> headers) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(REQUEST_ID, id);
        headers.forEach((k, v) -> response.getHeaders().put(k, v));
        double seconds = (System.nanoTime() - start) / 1e9;
        metrics.request(endpoint, status, code, seconds);
        response.write(true, ByteBuffer.wrap(body), Callback.from(() -> {
            log(status, body.length, seconds, "");
            onAnswered.run();
            callback.succeeded();
        }, failure -> {
            log(status, body.length, seconds, " (not delivered: " + failure + ")");
            onAnswered.run();
            callback.failed(failure);
        }));
        return true;
    }

    /** A step of answering, which may refuse the request by throwing an {@link ApiError}. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    boolean answered() {
        return answered.get();
    }

    private void log(int status, int bytes, double seconds, String note) {
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info(String.format(Locale.ROOT, "%s %s:%d \"%s %s %s\" %d %d %.1fms%s%s", id,
                    Request.getRemoteAddr(request), Request.getRemotePort(request), request.getMethod(),
                    request.getHttpURI().getPath(), request.getConnectionMetaData().getProtocol(), status, bytes,
                    seconds * 1e3, sentences >= 0 ? " sentences=" + sentences : "", note));
        }
    }
}
