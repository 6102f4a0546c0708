package org.sparknmt.serve;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknmt.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The accepted bearer tokens, from a file of one token per line ({@code #} comments and blank lines ignored). The
 * file is read again when its modification time or size changes (looked at no more than once a second), so tokens
 * are added and revoked without a restart; a file that cannot be read then keeps the tokens already loaded.
 * Tokens are kept only as SHA-256 digests and compared in constant time; they are never logged.
 */
final class BearerTokens {
    private static final Logger LOG = LoggerFactory.getLogger(BearerTokens.class);
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private final Path file;
    private volatile State state;

    /** The digests read from one version of the file. */
    private record State(List<byte[]> digests, FileTime modified, long size, long checkedAt) {
    }

    private BearerTokens(Path file, State state) {
        this.file = file;
        this.state = state;
    }

    /** Reads the file now: a missing or unreadable file, or one with no token, is a configuration error. */
    static BearerTokens read(Path file) {
        State s;
        try {
            s = load(file);
        } catch (IOException e) {
            throw new ConfigException("--auth-token-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        if (s.digests().isEmpty()) {
            throw new ConfigException("--auth-token-file " + file + " holds no token: one token per line");
        }
        return new BearerTokens(file, s);
    }

    /** Whether {@code token} is one of the file's tokens (as the file is now). */
    boolean accepts(String token) {
        byte[] digest = sha256(token);
        boolean found = false;
        for (byte[] d : current().digests()) {
            found |= MessageDigest.isEqual(d, digest); // no early exit: the time does not tell which token matched
        }
        return found;
    }

    private State current() {
        State s = state;
        long now = System.nanoTime();
        if (now - s.checkedAt() < RECHECK_NANOS) {
            return s;
        }
        synchronized (this) {
            s = state;
            if (now - s.checkedAt() < RECHECK_NANOS) {
                return s;
            }
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                long size = Files.size(file);
                if (modified.equals(s.modified()) && size == s.size()) {
                    state = new State(s.digests(), s.modified(), s.size(), now);
                } else {
                    State fresh = load(file);
                    LOG.info("auth token file {} changed: {} token(s) now accepted", file, fresh.digests().size());
                    state = fresh;
                }
            } catch (IOException e) {
                LOG.error("cannot re-read auth token file {} ({}); keeping the {} token(s) read before", file,
                        e.getMessage(), s.digests().size());
                state = new State(s.digests(), s.modified(), s.size(), now);
            }
            return state;
        }
    }

    private static State load(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        List<byte[]> digests = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                digests.add(sha256(t));
            }
        }
        return new State(List.copyOf(digests), modified, size, System.nanoTime());
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
