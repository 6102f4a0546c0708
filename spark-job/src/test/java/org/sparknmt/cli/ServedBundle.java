package org.sparknmt.cli;

import org.sparknmt.serve.ServeConfig;
import org.sparknmt.serve.TranslationServer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A tiny trained bundle, some of its held-out sources, and the one server a test runs on it at a time (started by
 * {@link #serve}, stopped by {@link #stop} after each test).
 */
final class ServedBundle {
    final Path dir;
    final Path bundle;
    final List<String> sentences;
    private TranslationServer server;

    private ServedBundle(Path dir, Path bundle, List<String> sentences) {
        this.dir = dir;
        this.bundle = bundle;
        this.sentences = sentences;
    }

    /** Trains the tiny model in {@code dir} (seconds) and keeps its first {@code sentences} held-out sources. */
    static ServedBundle train(Path dir, int sentences) throws IOException {
        Path bundle = Cli.tinyBundle(dir);
        return new ServedBundle(dir, bundle, Cli.heldOutSources(dir).subList(0, sentences));
    }

    TranslationServer serve(ServeConfig cfg) throws IOException {
        stop();
        server = TranslationServer.start(cfg);
        return server;
    }

    int port() {
        return server.port();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
