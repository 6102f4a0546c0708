package org.sparknmt.modeldir;

import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * One retraining run per model directory at a time: {@code .lock} is created exclusively (create without
 * overwrite is atomic on HDFS and local disks) and holds the owner's host, pid and start time. A lock whose owner
 * is gone is taken over: same host and the pid no longer runs, or older than the expiry on any host.
 */
public final class ModelLock implements AutoCloseable {
    public static final String NAME = ".lock";
    private final FileSystem fs;
    private final Path path;

    private ModelLock(FileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
    }

    /** Thrown when another live run holds the lock. */
    public static final class HeldException extends IOException {
        private static final long serialVersionUID = 1L;

        HeldException(String message) {
            super(message);
        }
    }

    public static ModelLock acquire(ModelDirectory dir, Duration expiry) throws IOException {
        FileSystem fs = dir.fs();
        Path path = new Path(dir.dir(), NAME);
        fs.mkdirs(dir.dir());
        String me = host() + " " + ProcessHandle.current().pid() + " " + Instant.now();
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                createExclusively(fs, path, me);
                return new ModelLock(fs, path);
            } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
                String owner = read(fs, path);
                if (attempt == 0 && stale(fs, path, owner, expiry)) {
                    fs.delete(path, false);
                    continue;
                }
                throw new HeldException("model directory " + dir.dir() + " is locked by another retraining run ("
                        + owner + "); wait for it, or delete " + path + " if that run is gone");
            }
        }
        throw new HeldException("could not take the lock " + path);
    }

    /** Hadoop's local file system checks and then creates; java.nio's create is one atomic O_EXCL open. */
    private static void createExclusively(FileSystem fs, Path path, String content) throws IOException {
        if ("file".equals(fs.getUri().getScheme())) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(path.toUri()), content, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            return;
        }
        try (OutputStream out = fs.create(path, false)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static boolean stale(FileSystem fs, Path path, String owner, Duration expiry) throws IOException {
        String[] parts = owner.split(" ");
        if (parts.length >= 2 && parts[0].equals(host())) {
            try {
                long pid = Long.parseLong(parts[1]);
                return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
            } catch (NumberFormatException e) {
                return true;
            }
        }
        FileStatus s = fs.getFileStatus(path);
        return Instant.ofEpochMilli(s.getModificationTime()).plus(expiry).isBefore(Instant.now());
    }

    private static String read(FileSystem fs, Path path) {
        try (InputStream in = fs.open(path)) {
            return new String(in.readNBytes(512), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    @Override
    public void close() throws IOException {
        fs.delete(path, false);
    }
}
