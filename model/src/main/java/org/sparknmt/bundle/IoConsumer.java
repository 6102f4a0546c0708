package org.sparknmt.bundle;

import java.io.IOException;

/** A consumer that may fail with an {@link IOException}. */
@FunctionalInterface
interface IoConsumer<T> {
    void accept(T value) throws IOException;
}
