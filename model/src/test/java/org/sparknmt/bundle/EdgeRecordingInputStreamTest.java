package org.sparknmt.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class EdgeRecordingInputStreamTest {

    private static byte[] zip(int size, String comment) throws IOException {
        byte[] data = new byte[size];
        new Random(3).nextBytes(data);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("x"));
            out.write(data);
            out.closeEntry();
            if (comment != null) {
                out.setComment(comment);
            }
        }
        return bytes.toByteArray();
    }

    private static EdgeRecordingInputStream readAll(byte[] bytes, int skipFirst) throws IOException {
        EdgeRecordingInputStream in = new EdgeRecordingInputStream(new ByteArrayInputStream(bytes));
        assertEquals(skipFirst, in.skip(skipFirst));
        assertTrue(in.drain(Long.MAX_VALUE));
        assertEquals(bytes.length, in.count());
        return in;
    }

    @Test
    void recognisesTheEndRecordWithOrWithoutAComment() throws IOException {
        assertTrue(readAll(zip(10, null), 0).endsWithZipEndRecord());
        assertTrue(readAll(zip(300_000, null), 7).endsWithZipEndRecord());
        assertTrue(readAll(zip(10, "a comment"), 0).endsWithZipEndRecord());
        assertTrue(readAll(zip(200_000, "c".repeat(65_535)), 100_000).endsWithZipEndRecord());
    }

    @Test
    void aCutOrExtendedArchiveHasNoEndRecordAtItsEnd() throws IOException {
        byte[] zip = zip(1000, null);
        assertFalse(readAll(Arrays.copyOf(zip, zip.length - 1), 0).endsWithZipEndRecord());
        assertFalse(readAll(Arrays.copyOf(zip, zip.length + 1), 0).endsWithZipEndRecord());
        assertFalse(readAll(new byte[0], 0).endsWithZipEndRecord());
    }

    @Test
    void remembersTheFirstBytes() throws IOException {
        EdgeRecordingInputStream in = readAll(zip(10, null), 0);
        assertTrue(in.startsWith(new byte[] {'P', 'K', 3, 4}));
        assertFalse(in.startsWith(new byte[] {'P', 'K', 5, 6}));
        assertTrue(readAll(new byte[] {'P', 'K'}, 0).startsWith(new byte[] {'P', 'K', 3, 4}), "a prefix of the header");
    }

    @Test
    void drainStopsAfterTheLimit() throws IOException {
        EdgeRecordingInputStream in = new EdgeRecordingInputStream(new ByteArrayInputStream(new byte[100_000]));
        assertFalse(in.drain(50_000));
    }
}
