package org.sparknmt.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Replaces a local file all at once: readers see the old file or the complete new one, never a part and never
 * none, even if the writer or the machine dies. Hadoop paths go through {@code org.sparknmt.hadoop.AtomicHadoopFiles},
 * which uses this for the local file system.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes a hidden temporary file in the target's directory, forces it to disk, then renames it over the target
     * atomically ({@code rename(2)} on POSIX: the old file stays until the new one takes its name) and, where the
     * platform allows, forces the directory entry too. When any step fails the temporary file is deleted and an
     * existing target is left as it was.
     *
     * @param body writes the content (closing the stream it gets only flushes it)
     */
    public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
        write(target, body, absolute -> { });
    }

    /**
     * As {@link #write(Path, IoConsumer)}; {@code beforeReplace} runs with the absolute target once the new content
     * is on disk and just before the rename (to drop a stale sidecar file, or for tests to stop there).
     */
    public static void write(Path target, IoConsumer<OutputStream> body, IoConsumer<Path> beforeReplace)
            throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = dir.resolve(temporaryName(absolute.getFileName().toString()));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.accept(new NonClosingOutputStream(out));
                out.flush();
                channel.force(true);
            }
            beforeReplace.accept(absolute);
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException | RuntimeException deletion) {
                e.addSuppressed(deletion);
            }
            throw e;
        }
        forceDirectory(dir);
    }

    /** The hidden, unique name of a temporary file that is to become {@code name}: {@code .name.<uuid>.tmp}. */
    public static String temporaryName(String name) {
        return "." + name + "." + UUID.randomUUID() + ".tmp";
    }

    /** Makes the rename durable; best effort, because not every platform can open a directory. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the rename happened; only its durability across a crash is not guaranteed on this platform
        }
    }
}
