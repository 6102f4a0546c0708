package org.sparknmt.serve;

import org.sparknmt.config.Checks;

/**
 * What one client may hold of the server. Reads never tie up a thread (the server is non-blocking); these bound
 * the connections a client keeps open and how long it may take to send a request.
 *
 * @param maxConnections      open connections at most; beyond, new ones wait in the accept backlog until one closes
 * @param headerTimeoutMillis time to send a request's headers, counted from the connection's opening or from its
 *                            previous response (so also the longest an idle keep-alive connection stays open)
 * @param bodyTimeoutMillis   time to send a request's body once its headers are in (then 408 and the connection closes)
 * @param idleTimeoutMillis   longest silence on a connection in any state (reading or writing) before it is closed
 * @param drainSeconds        on shutdown, how long accepted requests may take to finish before the process exits
 */
public record Connections(int maxConnections, int headerTimeoutMillis, int bodyTimeoutMillis, int idleTimeoutMillis,
                          int drainSeconds) {
    public Connections {
        Checks.atLeast("--max-connections", maxConnections, 1);
        Checks.atLeast("--header-timeout-ms", headerTimeoutMillis, 100);
        Checks.atLeast("--body-timeout-ms", bodyTimeoutMillis, 100);
        Checks.atLeast("--idle-timeout-ms", idleTimeoutMillis, 100);
        Checks.atLeast("--drain-seconds", drainSeconds, 0);
    }

    /** The command line's defaults: 2048 connections, 10 s for headers, 30 s for a body, 30 s idle, 30 s drain. */
    public static Connections defaults() {
        return new Connections(2048, 10_000, 30_000, 30_000, 30);
    }
}
