package org.sparknmt.serve;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model being served, switched atomically. {@link #check} loads the bundle the source points to when that
 * changed (in the caller's thread: the polling thread or an admin request), then swaps it in; batches that already
 * took the old model finish on it. A bundle that fails to load is logged, reported by {@code /v1/model} and
 * skipped until the pointer changes again; the old model keeps serving.
 */
final class HotModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HotModel.class);
    private final ModelSource source;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final Object loading = new Object();
    private volatile String lastFailedPointer;
    private volatile String lastError;
    private final ScheduledExecutorService poller;
    private final ServeMetrics metrics;

    private record Loaded(String pointer, ServingModel model) {
    }

    HotModel(ModelSource source, int pollSeconds, ServeMetrics metrics) {
        this.source = source;
        this.metrics = metrics;
        if (pollSeconds > 0) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "model-reload");
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(this::checkQuietly, pollSeconds, pollSeconds, TimeUnit.SECONDS);
        } else {
            poller = null;
        }
    }

    /** The model to use now, or null before the first successful load. */
    ServingModel get() {
        Loaded l = current.get();
        return l == null ? null : l.model();
    }

    /** What a reload did. */
    enum Outcome { LOADED, UNCHANGED, FAILED }

    /** Loads the pointed-to bundle if it is not the one served (or failed before); see the class comment. */
    Outcome check() {
        synchronized (loading) {
            String pointer;
            try {
                pointer = source.pointer();
            } catch (IOException | RuntimeException e) {
                return fail(null, "cannot find the bundle to serve from " + source.describe() + ": " + e.getMessage());
            }
            Loaded now = current.get();
            if (now != null && now.pointer().equals(pointer) || pointer.equals(lastFailedPointer)) {
                return pointer.equals(lastFailedPointer) ? Outcome.FAILED : Outcome.UNCHANGED;
            }
            long t0 = System.nanoTime();
            ServingModel model;
            try {
                model = source.load(pointer);
            } catch (IOException | RuntimeException e) {
                return fail(pointer, "rejected " + pointer.substring(0, pointer.indexOf('|')) + ": " + e.getMessage()
                        + (now == null ? "" : "; still serving " + now.model().id()));
            }
            current.set(new Loaded(pointer, model));
            lastFailedPointer = null;
            lastError = null;
            metrics.reload(true, model.id());
            LOG.info("serving model {} (loaded in {} ms{})", model.id(), (System.nanoTime() - t0) / 1_000_000,
                    now == null ? "" : ", replacing " + now.model().id());
            return Outcome.LOADED;
        }
    }

    private Outcome fail(String pointer, String message) {
        if (pointer == null || !pointer.equals(lastFailedPointer)) {
            LOG.error(message);
            metrics.reload(false, null);
        }
        lastFailedPointer = pointer;
        lastError = Instant.now() + " " + message;
        return Outcome.FAILED;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.error("model reload check failed", e);
        }
    }

    /** {@code /v1/model}: the served model's provenance, plus the last reload error if any. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        ServingModel m = get();
        if (m != null) {
            out.putAll(m.info());
        }
        out.put("source", source.describe());
        if (lastError != null) {
            out.put("lastReloadError", lastError);
        }
        return out;
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
