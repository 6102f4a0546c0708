package org.sparknmt.serve;

import java.util.Map;

/**
 * A request the service refuses: the HTTP status, a stable machine-readable code, a message for people, and any
 * headers the refusal needs ({@code Retry-After}, {@code Allow}, {@code WWW-Authenticate}, {@code Connection}).
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
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
}
