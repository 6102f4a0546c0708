package org.sparknmt.bundle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a stream through while remembering its first 4 bytes and its last 64 KiB, so that after reading a ZIP
 * archive entry by entry one can tell a non-ZIP file from a truncated one and check that the archive ends with its
 * end-of-central-directory record (which {@link java.util.zip.ZipInputStream} never reads).
 */
final class EdgeRecordingInputStream extends FilterInputStream {
    private static final int END_RECORD = 22;
    private static final int MAX_COMMENT = 0xffff;
    private static final int TAIL = END_RECORD + MAX_COMMENT;
    private static final int END_SIGNATURE = 0x06054b50;

    private final byte[] head = new byte[4];
    private final byte[] ring = new byte[TAIL];
    private long count;

    EdgeRecordingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            record(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            record(b, off, n);
        }
        return n;
    }

    /** Skips by reading, so that skipped bytes are recorded too. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /**
     * Reads the rest of the stream, at most {@code limit} bytes.
     *
     * @return false when more than {@code limit} bytes were left
     */
    boolean drain(long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = read(buffer, 0, buffer.length)) >= 0; ) {
            total += n;
            if (total > limit) {
                return false;
            }
        }
        return true;
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    /** Whether the bytes read so far start with {@code prefix} (or, when fewer were read, with its start). */
    boolean startsWith(byte[] prefix) {
        int n = (int) Math.min(Math.min(count, head.length), prefix.length);
        for (int i = 0; i < n; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes read so far end with a ZIP end-of-central-directory record (with its comment, if any). */
    boolean endsWithZipEndRecord() {
        int n = (int) Math.min(count, TAIL);
        byte[] tail = new byte[n];
        int start = (int) ((count - n) % TAIL);
        int first = Math.min(n, TAIL - start);
        System.arraycopy(ring, start, tail, 0, first);
        System.arraycopy(ring, 0, tail, first, n - first);
        for (int at = n - END_RECORD; at >= 0; at--) {
            int commentLength = (tail[at + 20] & 0xff) | (tail[at + 21] & 0xff) << 8;
            if (le32(tail, at) == END_SIGNATURE && at + END_RECORD + commentLength == n) {
                return true;
            }
        }
        return false;
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private void record(byte[] b, int off, int len) {
        for (int i = 0; count + i < head.length && i < len; i++) {
            head[(int) count + i] = b[off + i];
        }
        if (len >= TAIL) {
            off += len - TAIL;
            count += len - TAIL;
            len = TAIL;
        }
        int at = (int) (count % TAIL);
        int first = Math.min(len, TAIL - at);
        System.arraycopy(b, off, ring, at, first);
        System.arraycopy(b, off + first, ring, 0, len - first);
        count += len;
    }
}
