package org.sparknmt.bundle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes at most a given number of bytes through; reading more fails, naming the part (against zip bombs). */
final class BoundedInputStream extends FilterInputStream {
    private final String name;
    private final long limit;
    private long count;

    BoundedInputStream(InputStream in, String name, long limit) {
        super(in);
        this.name = name;
        this.limit = limit;
    }

    String name() {
        return name;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, limit - count + 1));
        counted(skipped);
        return skipped;
    }

    @Override
    public void close() {
        // the enclosing stream is closed by its owner
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) {
        count += n;
        if (count > limit) {
            throw new IllegalArgumentException("part '" + name + "' is larger than " + limit + " bytes uncompressed");
        }
    }
}
