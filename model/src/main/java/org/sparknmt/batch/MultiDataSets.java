package org.sparknmt.batch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

import org.nd4j.linalg.dataset.MultiDataSet;
import org.sparknmt.io.NonClosingOutputStream;

/**
 * Reads and writes one minibatch in ND4J's binary MultiDataSet format, the format DL4J's default Spark loader
 * ({@code MultiDataSet#load(InputStream)}) reads back by path. Keeps callers off that detail.
 *
 * <p>Streams: neither method closes the stream it is given; the caller opens and closes it (try-with-resources).
 * ND4J's own {@code save}/{@code load} close their stream, so both go through a shield that ignores
 * {@code close()} ({@code write} flushes instead). Hold one dataset per stream: {@code read} buffers and may consume
 * bytes past the end of the dataset.
 */
public final class MultiDataSets {

    private MultiDataSets() {
    }

    /** Writes {@code mds} (features, labels and both mask arrays) to {@code out} and flushes it; leaves it open. */
    public static void write(org.nd4j.linalg.dataset.api.MultiDataSet mds, OutputStream out) throws IOException {
        Objects.requireNonNull(mds, "mds");
        Objects.requireNonNull(out, "out");
        mds.save(new NonClosingOutputStream(out));
    }

    /** Reads one dataset written by {@link #write} from {@code in}; leaves {@code in} open. */
    public static MultiDataSet read(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        MultiDataSet mds = new MultiDataSet();
        mds.load(new UnclosableInputStream(in));
        return mds;
    }

    /** Passes everything through except {@code close()}, which does nothing. */
    private static final class UnclosableInputStream extends FilterInputStream {
        UnclosableInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
