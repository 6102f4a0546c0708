package org.sparknmt.prep;

import org.slf4j.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/** Logs each stage as it starts and how long it took, and keeps the durations for the manifest. */
final class StageTimer {
    private final Logger log;
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private String current;
    private long currentStart;
    private int index;
    private final int total;

    StageTimer(Logger log, int total) {
        this.log = log;
        this.total = total;
    }

    void start(String stage) {
        finish();
        current = stage;
        currentStart = System.nanoTime();
        index++;
        log.info("[prep {}/{}] {} ... (elapsed {})", index, total, stage, seconds(currentStart - started));
    }

    void finish() {
        if (current != null) {
            long ms = (System.nanoTime() - currentStart) / 1_000_000;
            millis.put(current, ms);
            log.info("[prep {}/{}] {} done in {}", index, total, current, seconds(ms * 1_000_000));
            current = null;
        }
    }

    Map<String, Long> millis() {
        finish();
        Map<String, Long> all = new LinkedHashMap<>(millis);
        all.put("total", (System.nanoTime() - started) / 1_000_000);
        return all;
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1fs", nanos / 1e9);
    }
}
