package org.sparknmt.offline;

import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknmt.train.Durations;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Logs the translation's progress on the driver every few seconds: lines done of the total, sentences/s and ETA.
 * Counts grow as partitions finish (accumulators reach the driver with each finished task).
 */
final class Progress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private final ScheduledExecutorService timer;
    private final LongAccumulator done;
    private final long total;
    private final long started = System.nanoTime();
    private long lastLogged = -1;

    private Progress(LongAccumulator done, long total, long everySeconds) {
        this.done = done;
        this.total = total;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "translate-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::log, everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    static Progress start(LongAccumulator done, long total, long everySeconds) {
        return new Progress(done, total, everySeconds);
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    private synchronized void log() {
        long n = done.value();
        if (n == lastLogged) {
            LOG.info(String.format(Locale.ROOT, "translate: %,d/%,d lines, elapsed %s (waiting for the next partition)",
                    n, total, Durations.hms(seconds())));
            return;
        }
        lastLogged = n;
        double s = seconds();
        double rate = n / Math.max(1e-9, s);
        String eta = n == 0 ? "?" : Durations.hms((total - n) / rate);
        LOG.info(String.format(Locale.ROOT, "translate: %,d/%,d lines (%.1f%%), %.1f sentences/s, elapsed %s, ETA %s",
                n, total, total == 0 ? 100.0 : 100.0 * n / total, rate, Durations.hms(s), eta));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
