package org.sparknmt.serve;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.Translation;
import org.sparknmt.translate.Translator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Dynamic batching: requests that arrive together are decoded in one pass. Each worker thread takes the oldest
 * queued request, then keeps taking requests with the same decoding options for at most {@code maxWaitMillis}
 * or until {@code maxBatchSentences}, and decodes them all at once with its own {@link Translator} of the model
 * served at that moment (so a reload never changes a batch under way). The queue is bounded in sentences:
 * {@link #submit} refuses work beyond it, and the caller answers 503.
 */
final class DynamicBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

    /** A request's sentences and options; its future gets the translations, or fails. */
    record Job(List<String> sentences, DecodeOptions options, CompletableFuture<Result> result, long queuedAt) {
        Job(List<String> sentences, DecodeOptions options) {
            this(sentences, options, new CompletableFuture<>(), System.nanoTime());
        }
    }

    /** Translations of one request, in its order, and the model that made them. */
    record Result(String modelId, List<List<Translation>> translations) {
    }

    private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger queuedSentences = new AtomicInteger();
    private final Supplier<ServingModel> model;
    private final int capacity;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final List<Thread> workers = new ArrayList<>();
    private final IntSupplier arriving;
    private final ServeMetrics metrics;
    private volatile boolean closed;
    private volatile int lastBatchJobs;

    /**
     * @param arriving how many requests are on their way to {@link #submit} (headers in, body still being read).
     *                 A batch skips the wait when it looks alone: nothing queued, nothing arriving, and the batch
     *                 before it was a single request too (concurrent clients make batches of several, and their
     *                 next requests are still on the wire when a batch starts, so they keep the wait)
     */
    DynamicBatcher(Supplier<ServingModel> model, int workers, int capacity, int maxBatch, int maxWaitMillis,
                   IntSupplier arriving, ServeMetrics metrics) {
        this.model = model;
        this.arriving = arriving;
        this.metrics = metrics;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        for (int i = 0; i < workers; i++) {
            int index = i;
            Thread t = new Thread(() -> work(index), "decode-" + i);
            t.setDaemon(true);
            this.workers.add(t);
            t.start();
        }
    }

    /** Queues a job; false (nothing queued) when the queue cannot take its sentences. */
    boolean submit(Job job) {
        int n = job.sentences().size();
        for (int q = queuedSentences.get(); ; q = queuedSentences.get()) {
            if (q + n > capacity) {
                return false;
            }
            if (queuedSentences.compareAndSet(q, q + n)) {
                break;
            }
        }
        queue.add(job);
        return true;
    }

    int queuedSentences() {
        return queuedSentences.get();
    }

    private void work(int index) {
        while (!closed) {
            List<Job> batch;
            try {
                batch = gather();
            } catch (InterruptedException e) {
                return;
            }
            decode(index, batch);
        }
    }

    /** The oldest job plus those that join it within the wait bound. */
    private List<Job> gather() throws InterruptedException {
        Job first = queue.take();
        List<Job> batch = new ArrayList<>();
        batch.add(first);
        int n = first.sentences().size();
        long deadline = System.nanoTime() + maxWaitNanos;
        while (n < maxBatch && maxWaitNanos > 0) {
            if (lastBatchJobs <= 1 && queue.isEmpty() && arriving.getAsInt() == 0) {
                break; // a lone client: nobody else is sending, waiting would only add latency
            }
            long left = deadline - System.nanoTime();
            Job next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            if (!next.options().equals(first.options()) || n + next.sentences().size() > maxBatch) {
                queue.addFirst(next); // the next batch starts with it
                break;
            }
            batch.add(next);
            n += next.sentences().size();
        }
        queuedSentences.addAndGet(-n);
        lastBatchJobs = batch.size();
        return batch;
    }

    private void decode(int index, List<Job> batch) {
        ServingModel m = model.get();
        try {
            Translator t = m.translators().get(index);
            SourceLimit limit = m.limit();
            List<int[]> sources = new ArrayList<>();
            List<Job> admitted = new ArrayList<>();
            for (Job job : batch) {
                if (job.result().isDone()) {
                    continue; // the client gave up (timed out) while it was queued
                }
                List<int[]> ids = new ArrayList<>(job.sentences().size());
                try {
                    for (int i = 0; i < job.sentences().size(); i++) {
                        ids.add(limit.apply(t.text().encodeSource(job.sentences().get(i)), "sentence " + i));
                    }
                } catch (SourceLimit.OverlongException e) {
                    job.result().completeExceptionally(e);
                    continue;
                }
                admitted.add(job);
                sources.addAll(ids);
            }
            long started = System.nanoTime();
            for (Job job : admitted) {
                metrics.queued((started - job.queuedAt()) / 1e9);
            }
            List<List<Translation>> all = sources.isEmpty() ? List.of() : t.translateEncoded(sources, batch.get(0).options());
            metrics.batch(sources.size(), (System.nanoTime() - started) / 1e9);
            int from = 0;
            for (Job job : admitted) {
                int to = from + job.sentences().size();
                job.result().complete(new Result(m.id(), List.copyOf(all.subList(from, to))));
                from = to;
            }
        } catch (RuntimeException | Error e) {
            LOG.error("decoding a batch of {} request(s) failed", batch.size(), e);
            for (Job job : batch) {
                job.result().completeExceptionally(e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        for (Job job; (job = queue.poll()) != null; ) {
            job.result().completeExceptionally(new ShuttingDown());
        }
    }

    /** The failure of a job still queued when the batcher closed. */
    static final class ShuttingDown extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ShuttingDown() {
            super("the server is shutting down");
        }
    }
}
