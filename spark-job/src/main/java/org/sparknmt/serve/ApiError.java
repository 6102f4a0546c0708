package org.sparknmt.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the service refuses: the HTTP status, a stable machine-readable code, a message for people, and any
 * headers the refusal needs ({@code Retry-After}, {@code Allow}, {@code WWW-Authenticate}, {@code Connection}).
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    final int status;
    final String code;
    final transient Map<String, String> headers;

    ApiError(int status, String code, String message) {
        this(status, code, message, status == 503 ? Map.of("Retry-After", "1") : Map.of());
    }

    ApiError(int status, String code, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    /** The body every refusal has: {@code {"error": {"code", "message", "requestId"}}}, the id left out when null. */
    byte[] body(String requestId) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", code);
        err.put("message", getMessage());
        if (requestId != null) {
            err.put("requestId", requestId);
        }
        return json(Map.of("error", err));
    }

    /** A response body as JSON bytes. */
    static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response body did not serialize", e);
        }
    }
}
