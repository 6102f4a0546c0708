package org.sparknmt.serve;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The small endpoints: {@code GET /v1/health} (the process answers), {@code GET /v1/ready} (a model is loaded and
 * the server is not shutting down: 200, else 503), {@code GET /v1/model} (provenance of the served bundle),
 * {@code POST /v1/admin/reload} (check {@code CURRENT} now) and {@code GET /metrics} (Prometheus text format).
 */
final class StatusEndpoints {
    private StatusEndpoints() {
    }

    static Route.Endpoint health() {
        return ex -> ex.send(200, Map.of("status", "ok"));
    }

    static Route.Endpoint ready(HotModel model, BooleanSupplier stopping) {
        return ex -> {
            ServingModel m = model.get();
            if (m == null || stopping.getAsBoolean()) {
                ex.send(503, Map.of("ready", false, "reason", m == null ? "no model loaded yet" : "shutting down"),
                        "not_ready", Map.of("Retry-After", "1"));
            } else {
                ex.send(200, Map.of("ready", true, "model", m.id()));
            }
        };
    }

    static Route.Endpoint model(HotModel model) {
        return ex -> ex.send(model.get() == null ? 503 : 200, model.describe());
    }

    static Route.Endpoint reload(HotModel model) {
        return ex -> {
            HotModel.Outcome outcome = model.check();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
            ServingModel m = model.get();
            body.put("model", m == null ? null : m.id());
            Object error = model.describe().get("lastReloadError");
            if (outcome == HotModel.Outcome.FAILED && error != null) {
                body.put("error", error);
            }
            ex.send(outcome == HotModel.Outcome.FAILED ? 422 : 200, body);
        };
    }

    static Route.Endpoint metrics(ServeMetrics metrics) {
        return ex -> ex.send(200, metrics.contentType(), metrics.scrape(), "ok", Map.of());
    }
}
