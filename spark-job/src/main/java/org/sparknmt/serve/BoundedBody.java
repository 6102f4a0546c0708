package org.sparknmt.serve;

import org.eclipse.jetty.io.Content;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a request body of at most {@code max} bytes without holding a thread. A larger body fails the future with
 * {@link TooLarge}, but only after the rest of it was read and discarded, up to {@code drainLimit} bytes: a server
 * that refuses a body and closes the connection while the client is still sending makes the kernel reset the
 * connection, and the client may lose the refusal itself ("no bytes received"). Beyond the drain limit the refusal
 * is immediate.
 */
final class BoundedBody implements Runnable {
    /** The body was over the limit ({@code drained}: all of it was read, so the refusal will reach the client). */
    static final class TooLarge extends RuntimeException {
        final boolean drained;

        TooLarge(boolean drained) {
            super("request body over the limit", null, false, false);
            this.drained = drained;
        }
    }

    private final Content.Source source;
    private final int max;
    private final long drainLimit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> done = new CompletableFuture<>();
    private long seen;

    private BoundedBody(Content.Source source, int max, long drainLimit) {
        this.source = source;
        this.max = max;
        this.drainLimit = drainLimit;
    }

    static CompletableFuture<byte[]> read(Content.Source source, int max, long drainLimit) {
        BoundedBody body = new BoundedBody(source, max, drainLimit);
        body.run();
        return body.done;
    }

    @Override
    public void run() {
        while (!done.isDone()) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                done.completeExceptionally(chunk.getFailure());
                return;
            }
            int n = chunk.remaining();
            seen += n;
            if (seen <= max) {
                byte[] part = new byte[n];
                chunk.getByteBuffer().get(part);
                bytes.write(part, 0, n);
            }
            boolean last = chunk.isLast();
            chunk.release();
            if (seen > drainLimit) {
                done.completeExceptionally(new TooLarge(false));
            } else if (last) {
                if (seen > max) {
                    done.completeExceptionally(new TooLarge(true));
                } else {
                    done.complete(bytes.toByteArray());
                }
            }
        }
    }
}
