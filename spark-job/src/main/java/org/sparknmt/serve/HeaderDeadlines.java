package org.sparknmt.serve;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The time an HTTP/1 connection has to send a request's headers: from its opening, and again from each response.
 * Jetty's idle timeout restarts with every byte, so a client that trickles a header a byte at a time would keep
 * its connection forever; this closes it once the deadline passes, whatever arrived. (Reads never hold a thread;
 * the point is to bound the connections a slow or hostile client keeps, and with them the connection limit's slots.)
 * HTTP/2 connections multiplex streams and are left to the idle timeout.
 */
final class HeaderDeadlines implements Connection.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadlines.class);
    private static final long IN_REQUEST = Long.MAX_VALUE;
    private final long timeoutNanos;
    private final Map<Connection, AtomicLong> deadlines = new ConcurrentHashMap<>();
    private final AtomicLong closed = new AtomicLong();
    private final ScheduledExecutorService sweeper;

    HeaderDeadlines(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "header-deadlines");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(500, timeoutMillis / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection) {
            deadlines.put(connection, new AtomicLong(System.nanoTime() + timeoutNanos));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        deadlines.remove(connection);
    }

    void requestBegan(Connection connection) {
        AtomicLong d = deadlines.get(connection);
        if (d != null) {
            d.set(IN_REQUEST);
        }
    }

    void responseDone(Connection connection) {
        AtomicLong d = deadlines.get(connection);
        if (d != null) {
            d.set(System.nanoTime() + timeoutNanos);
        }
    }

    /** Connections closed so far for not sending their headers in time. */
    long closedForTimeout() {
        return closed.get();
    }

    private void sweep() {
        long now = System.nanoTime();
        deadlines.forEach((connection, deadline) -> {
            long d = deadline.get();
            if (d != IN_REQUEST && now - d > 0 && deadline.compareAndSet(d, IN_REQUEST)) {
                closed.incrementAndGet();
                LOG.debug("closing {}: no complete request headers within the limit", connection);
                connection.getEndPoint().close();
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
