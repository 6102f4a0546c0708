package org.sparknmt.serve;

/**
 * One endpoint: its method, whether it needs a bearer token (when the server has a token file), its name in metrics
 * and logs, and what it does. An endpoint answers through its {@link Exchange}, at once or later from another thread.
 *
 * @param method    the one method allowed (others get 405 with {@code Allow})
 * @param protect   true when a token is required
 * @param name      label in metrics and the access log
 * @param endpoint  the work
 */
record Route(String method, boolean protect, String name, Endpoint endpoint) {

    /** Answers a request, or throws an {@link ApiError} that becomes the JSON error answer. */
    @FunctionalInterface
    interface Endpoint {
        void handle(Exchange ex) throws Exception;
    }
}
