package org.sparknmt.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small endpoints: {@code GET /v1/health} (the process answers), {@code GET /v1/ready} (a model is loaded: 200,
 * else 503), {@code GET /v1/model} (provenance of the served bundle), {@code POST /v1/admin/reload} (check
 * {@code CURRENT} now), and 404 for every other path.
 */
final class StatusHandlers {
    private StatusHandlers() {
    }

    /** Runs {@code body} for exactly {@code method path}, answering errors as JSON. */
    private interface Body {
        void respond(HttpExchange ex) throws IOException;
    }

    private static HttpHandler endpoint(String method, String path, Body body) {
        return ex -> {
            try (ex) {
                try {
                    Exchanges.expect(ex, method, path);
                    body.respond(ex);
                } catch (ApiError e) {
                    Exchanges.error(ex, e);
                }
            }
        };
    }

    static HttpHandler health() {
        return endpoint("GET", "/v1/health", ex -> Exchanges.send(ex, 200, Map.of("status", "ok")));
    }

    static HttpHandler ready(HotModel model) {
        return endpoint("GET", "/v1/ready", ex -> {
            ServingModel m = model.get();
            if (m == null) {
                ex.getResponseHeaders().set("Retry-After", "1");
                Exchanges.send(ex, 503, Map.of("ready", false));
            } else {
                Exchanges.send(ex, 200, Map.of("ready", true, "model", m.id()));
            }
        });
    }

    static HttpHandler model(HotModel model) {
        return endpoint("GET", "/v1/model", ex -> Exchanges.send(ex, model.get() == null ? 503 : 200, model.describe()));
    }

    static HttpHandler reload(HotModel model) {
        return endpoint("POST", "/v1/admin/reload", ex -> {
            HotModel.Outcome outcome = model.check();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
            ServingModel m = model.get();
            body.put("model", m == null ? null : m.id());
            Object error = model.describe().get("lastReloadError");
            if (outcome == HotModel.Outcome.FAILED && error != null) {
                body.put("error", error);
            }
            Exchanges.send(ex, outcome == HotModel.Outcome.FAILED ? 422 : 200, body);
        });
    }

    static HttpHandler notFound() {
        return endpoint("GET", "/", ex -> {
            throw new ApiError(404, "not_found", "no such endpoint: " + ex.getRequestURI().getPath());
        });
    }
}
