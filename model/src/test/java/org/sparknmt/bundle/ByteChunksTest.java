package org.sparknmt.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteChunksTest {

    @Test
    void readsBackAcrossChunkBoundariesWhateverThePieceSizes() throws IOException {
        byte[] data = new byte[(40 << 20) + 12345];
        new Random(1).nextBytes(data);
        ByteChunks chunks = new ByteChunks();
        Random pieces = new Random(2);
        for (int at = 0; at < data.length; ) {
            int n = Math.min(data.length - at, pieces.nextInt(3 << 20));
            chunks.append(data, at, n);
            at += n;
        }
        assertEquals(data.length, chunks.size());
        assertArrayEquals(data, chunks.toByteArray());

        ByteArrayOutputStream back = new ByteArrayOutputStream();
        InputStream in = chunks.open();
        byte[] buffer = new byte[1_000_003];
        back.write(in.read());
        for (int n; (n = in.read(buffer, 0, 1 + pieces.nextInt(buffer.length))) >= 0; ) {
            back.write(buffer, 0, n);
        }
        assertArrayEquals(data, back.toByteArray());
        assertEquals(-1, in.read());
    }

    @Test
    void emptyIsEmpty() throws IOException {
        ByteChunks chunks = new ByteChunks();
        assertEquals(0, chunks.size());
        assertArrayEquals(new byte[0], chunks.toByteArray());
        assertEquals(-1, chunks.open().read());
        chunks.append(new byte[] {1, 2}, 1, 0);
        assertEquals(0, chunks.size());
    }
}
