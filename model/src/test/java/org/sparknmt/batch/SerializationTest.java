package org.sparknmt.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The classes shipped to Spark executors survive Java serialization with their values intact. */
class SerializationTest {

    @Test
    void configurationAndDataRoundTrip() throws Exception {
        LengthBucketer bucketer = new LengthBucketer(4, 100);
        assertEquals(bucketer, roundTrip(bucketer));
        Batcher batcher = new Batcher(bucketer, 64, 4096);
        assertEquals(batcher, roundTrip(batcher));
        EncodedPair pair = new EncodedPair(5, new int[] {4, 5}, new int[] {6});
        assertEquals(pair, roundTrip(pair));
        BatchStats stats = new BatchStats(1, 3, 9, 10, 12, 15);
        assertEquals(stats, roundTrip(stats));
    }

    @Test
    void builderStillBuildsAfterRoundTrip() throws Exception {
        BatchBuilder builder = roundTrip(new BatchBuilder());
        List<EncodedPair> pairs = BatchBuilderTest.PAIRS;
        assertEquals(new BatchBuilder().build(pairs), builder.build(pairs));
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
