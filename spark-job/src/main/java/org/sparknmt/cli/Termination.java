package org.sparknmt.cli;

import sun.misc.Signal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Waits for SIGTERM or SIGINT. Handling the signals ourselves, instead of in a shutdown hook, lets a service finish
 * its work and then exit with status 0 (after a hook the JVM exits with 143, which supervisors read as a failure).
 * {@code sun.misc.Signal} is the JDK's supported way to do this (module jdk.unsupported; Spark and Hadoop use it).
 */
final class Termination {
    private final CompletableFuture<String> signal = new CompletableFuture<>();

    private Termination() {
    }

    static Termination onSignals() {
        Termination t = new Termination();
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> t.signal.complete("SIG" + s.getName()));
        }
        return t;
    }

    /** Blocks until a signal came; returns its name. */
    String await() throws InterruptedException {
        try {
            return signal.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
