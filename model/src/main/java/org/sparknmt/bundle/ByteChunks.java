package org.sparknmt.bundle;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Bytes held in memory as a list of arrays, so an entry may exceed the 2 GiB of one Java array. Append, then read. */
final class ByteChunks {
    private static final int MIN_CHUNK = 8 << 10;
    private static final int MAX_CHUNK = 16 << 20;

    private final List<byte[]> chunks = new ArrayList<>();
    private int usedInLast;
    private long size;

    void append(byte[] b, int off, int len) {
        while (len > 0) {
            if (chunks.isEmpty() || usedInLast == chunks.get(chunks.size() - 1).length) {
                chunks.add(new byte[(int) Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, size))]);
                usedInLast = 0;
            }
            byte[] last = chunks.get(chunks.size() - 1);
            int n = Math.min(len, last.length - usedInLast);
            System.arraycopy(b, off, last, usedInLast, n);
            usedInLast += n;
            size += n;
            off += n;
            len -= n;
        }
    }

    long size() {
        return size;
    }

    /** A stream over the bytes appended so far. */
    InputStream open() {
        return new InputStream() {
            private int chunk;
            private int pos;
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (left == 0) {
                    return -1;
                }
                byte[] current = chunks.get(chunk);
                int inChunk = (int) Math.min(current.length - pos, left);
                int n = Math.min(len, inChunk);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                left -= n;
                if (pos == current.length) {
                    chunk++;
                    pos = 0;
                }
                return n;
            }
        };
    }

    /** The bytes as one array; only for entries bounded well below 2 GiB. */
    byte[] toByteArray() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(size + " bytes do not fit one array");
        }
        byte[] out = new byte[(int) size];
        int at = 0;
        for (byte[] c : chunks) {
            int n = (int) Math.min(c.length, size - at);
            System.arraycopy(c, 0, out, at, n);
            at += n;
        }
        return out;
    }
}
