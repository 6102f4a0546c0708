package org.sparknmt.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What {@code GET /metrics} shows, in Prometheus text format: requests by endpoint, status and error code; sentences
 * translated; latency histograms of the whole request, of the wait in the queue and of each batch's decoding; batch
 * sizes; queue depth and open connections; the served model and its reloads; the JVM's memory, GC and threads.
 * One registry per server (no global state), so tests and several servers in one JVM never mix their counts.
 */
final class ServeMetrics {
    private static final double[] LATENCY_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
            5, 10, 30, 60};
    private static final double[] BATCH_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256};
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("sparknmt_http_requests_total")
            .help("HTTP requests answered, by endpoint, status and error code (\"ok\" when none)")
            .labelNames("endpoint", "status", "code").register(registry);
    private final Counter sentences = Counter.builder().name("sparknmt_sentences_total")
            .help("Sentences translated").register(registry);
    private final Histogram requestSeconds = Histogram.builder().name("sparknmt_request_duration_seconds")
            .help("Time from a request's headers to its response, by endpoint").labelNames("endpoint")
            .classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
    private final Histogram queueSeconds = Histogram.builder().name("sparknmt_queue_wait_seconds")
            .help("Time a translation request waited in the queue before its batch started")
            .classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
    private final Histogram decodeSeconds = Histogram.builder().name("sparknmt_decode_duration_seconds")
            .help("Time to decode one dynamic batch").classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
    private final Histogram batchSentences = Histogram.builder().name("sparknmt_batch_sentences")
            .help("Sentences per dynamic batch").classicOnly().classicUpperBounds(BATCH_BOUNDS).register(registry);
    private final Counter reloads = Counter.builder().name("sparknmt_model_reloads_total")
            .help("Model loads, by outcome (loaded, failed)").labelNames("outcome").register(registry);
    private final Gauge modelInfo = Gauge.builder().name("sparknmt_model_info")
            .help("1 for the model being served (its id as a label)").labelNames("model").register(registry);
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private String servedModel;

    ServeMetrics() {
        JvmMetrics.builder().register(registry);
    }

    /**
     * Reports, when scraped, {@code depth} as the queue's sentences, {@code connections} as open connections and
     * {@code headerTimeouts} as connections closed for not sending their headers in time.
     */
    void gauges(IntSupplier depth, IntSupplier connections, LongSupplier headerTimeouts) {
        CounterWithCallback.builder().name("sparknmt_header_timeouts_total")
                .help("Connections closed for not sending a request's headers in time")
                .callback(cb -> cb.call(headerTimeouts.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("sparknmt_queue_sentences").help("Sentences waiting to be decoded")
                .callback(cb -> cb.call(depth.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("sparknmt_open_connections").help("Open client connections")
                .callback(cb -> cb.call(connections.getAsInt())).register(registry);
    }

    void request(String endpoint, int status, String code, double seconds) {
        requests.labelValues(endpoint, Integer.toString(status), code).inc();
        requestSeconds.labelValues(endpoint).observe(seconds);
    }

    void batch(int size, double decode) {
        batchSentences.observe(size);
        decodeSeconds.observe(decode);
        sentences.inc(size);
    }

    void queued(double seconds) {
        queueSeconds.observe(seconds);
    }

    /** A load attempt's outcome; on success the served model's id replaces the previous one. */
    synchronized void reload(boolean loaded, String modelId) {
        reloads.labelValues(loaded ? "loaded" : "failed").inc();
        if (loaded) {
            if (servedModel != null) {
                modelInfo.remove(servedModel);
            }
            modelInfo.labelValues(modelId).set(1);
            servedModel = modelId;
        }
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 10);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return out.toByteArray();
    }
}
