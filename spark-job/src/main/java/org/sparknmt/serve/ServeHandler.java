package org.sparknmt.serve;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Map;

/**
 * Every request's way in: request id, routing by exact path, 404/405, the bearer-token check on protected routes
 * (401 without a token, 403 with one that is not accepted; {@code WWW-Authenticate: Bearer} as RFC 6750 asks), and
 * a JSON error for anything an endpoint throws. Tells {@link HeaderDeadlines} when a request has begun and ended.
 */
final class ServeHandler extends Handler.Abstract {
    private final Map<String, Route> routes;
    private final BearerTokens tokens;
    private final ServeMetrics metrics;
    private final HeaderDeadlines deadlines;

    /** @param tokens the accepted tokens, or null when the server has no authentication */
    ServeHandler(Map<String, Route> routes, BearerTokens tokens, ServeMetrics metrics, HeaderDeadlines deadlines) {
        this.routes = Map.copyOf(routes);
        this.tokens = tokens;
        this.metrics = metrics;
        this.deadlines = deadlines;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        var connection = request.getConnectionMetaData().getConnection();
        deadlines.requestBegan(connection);
        Exchange ex = new Exchange(request, response, callback, metrics, () -> deadlines.responseDone(connection));
        ex.answering("answer", () -> route(ex));
        return true;
    }

    private void route(Exchange ex) throws Exception {
        Request request = ex.request;
        String path = request.getHttpURI().getPath();
        Route route = routes.get(path);
        if (route == null) {
            throw new ApiError(404, "not_found", "no such endpoint: " + path);
        }
        ex.endpoint(route.name());
        if (!route.method().equalsIgnoreCase(request.getMethod())) {
            throw new ApiError(405, "GET".equals(route.method()) ? "method_not_allowed_get" : "method_not_allowed",
                    request.getMethod() + " is not allowed on " + path + "; use " + route.method(),
                    Map.of("Allow", route.method()));
        }
        if (route.protect() && tokens != null) {
            authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        }
        route.endpoint().handle(ex);
    }

    private void authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiError(401, "unauthorized", "this endpoint needs a bearer token: Authorization: Bearer <token>",
                    Map.of("WWW-Authenticate", "Bearer realm=\"spark-nmt\""));
        }
        if (!tokens.accepts(authorization.substring(7).strip())) {
            throw new ApiError(403, "forbidden", "the bearer token is not accepted",
                    Map.of("WWW-Authenticate", "Bearer realm=\"spark-nmt\", error=\"invalid_token\""));
        }
    }
}
