package org.sparknmt.io;

import java.io.IOException;

/** A consumer that may fail with an {@link IOException}. */
@FunctionalInterface
public interface IoConsumer<T> {
    void accept(T value) throws IOException;
}
