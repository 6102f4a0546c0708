package org.sparknmt.cli;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailuresTest {

    @Test
    void aHeapOutOfMemoryDeepInSparksWrappingIsFoundAndExplained() {
        Throwable spark = new RuntimeException("Exception thrown in awaitResult",
                new ExecutionException("Boxed Error", new OutOfMemoryError("Java heap space")));
        assertTrue(Failures.heapExhausted(spark));
        assertFalse(Failures.heapExhausted(new RuntimeException(new OutOfMemoryError("Direct buffer memory"))),
                "off-heap exhaustion is not the heap's: the heap hint would mislead");
        assertFalse(Failures.heapExhausted(new IllegalStateException("boom")));
        String hint = Failures.heapHint(2L << 30);
        assertTrue(hint.contains("limit 2.00 GiB") && hint.contains("SPARK_NMT_HEAP"), hint);
    }
}
