package org.sparknmt.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON responses: bodies, and errors as {@code {"error": {"code": ..., "message": ...}}}. */
final class Exchanges {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Exchanges() {
    }

    static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void error(HttpExchange ex, ApiError e) throws IOException {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", e.code);
        err.put("message", e.getMessage());
        if (e.status == 503) {
            ex.getResponseHeaders().set("Retry-After", "1");
        }
        if (e.status == 405) {
            ex.getResponseHeaders().set("Allow", e.code.equals("method_not_allowed_get") ? "GET" : "POST");
        }
        send(ex, e.status, Map.of("error", err));
    }

    /** Refuses anything but {@code method} on exactly {@code path}. */
    static void expect(HttpExchange ex, String method, String path) {
        if (!ex.getRequestURI().getPath().equals(path)) {
            throw new ApiError(404, "not_found", "no such endpoint: " + ex.getRequestURI().getPath());
        }
        if (!ex.getRequestMethod().equalsIgnoreCase(method)) {
            throw new ApiError(405, "GET".equals(method) ? "method_not_allowed_get" : "method_not_allowed",
                    ex.getRequestMethod() + " is not allowed on " + path + "; use " + method);
        }
    }
}
