package org.sparknmt.serve;

/** A request the service refuses: the HTTP status, a stable machine-readable code, and a message for people. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
