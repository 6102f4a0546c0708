package org.sparknmt.hadoop;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.sparknmt.io.AtomicFiles;
import org.sparknmt.io.IoConsumer;
import org.sparknmt.io.NonClosingOutputStream;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Replaces a file on any Hadoop file system all at once: readers, and a process that starts after the writer was
 * killed, find the old content or the complete new one, never none and never a part. The new content goes to a
 * hidden temporary sibling, is made durable, and then takes the target's name in one rename with overwrite; the
 * target is never deleted first.
 * <ul>
 * <li>Local ({@code file:}): Hadoop's own rename with overwrite deletes the target and then renames, so local files
 * are written with {@link AtomicFiles} ({@code fsync}, then {@code rename(2)}, then {@code fsync} of the directory).
 * A stale {@code .crc} sidecar of the target is dropped first, so that the checksummed local file system never
 * checks the new content against the old checksums.</li>
 * <li>HDFS: {@code hsync} (the blocks are on disk on every datanode), then {@link FileContext#rename} with
 * {@link Options.Rename#OVERWRITE}, one atomic operation in the NameNode.</li>
 * <li>Object stores (s3a: ...) have no atomic rename at all; there the same calls are the best available.</li>
 * </ul>
 */
public final class AtomicHadoopFiles {
    private AtomicHadoopFiles() {
    }

    /**
     * Writes {@code target} atomically; {@code body} writes the content (closing the stream it gets only flushes it).
     * Missing parent directories are created. On failure the temporary file is deleted and an existing target is
     * left as it was.
     */
    public static void write(FileSystem fs, Path target, IoConsumer<OutputStream> body) throws IOException {
        write(fs, target, body, replaced -> { });
    }

    /** Writes {@code text} as UTF-8 to {@code target}, atomically. */
    public static void writeText(FileSystem fs, Path target, String text) throws IOException {
        write(fs, target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** As {@link #write(FileSystem, Path, IoConsumer)}; {@code beforeRename} runs once the new content is durable. */
    static void write(FileSystem fs, Path target, IoConsumer<OutputStream> body, IoConsumer<Path> beforeRename)
            throws IOException {
        Path qualified = fs.makeQualified(target);
        File local = localFile(fs, qualified);
        if (local != null) {
            Files.createDirectories(local.toPath().getParent());
            AtomicFiles.write(local.toPath(), body, file -> {
                beforeRename.accept(qualified);
                dropChecksumSidecar(fs, qualified);
            });
        } else {
            writeThenRename(fs, qualified, body, beforeRename);
        }
    }

    private static void writeThenRename(FileSystem fs, Path target, IoConsumer<OutputStream> body,
                                        IoConsumer<Path> beforeRename) throws IOException {
        Path tmp = new Path(target.getParent(), AtomicFiles.temporaryName(target.getName()));
        try {
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                body.accept(new NonClosingOutputStream(out));
                out.hsync(); // on HDFS: on disk on every datanode; streams that cannot sync just flush
            }
            beforeRename.accept(target);
            FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(tmp, target, Options.Rename.OVERWRITE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                fs.delete(tmp, false);
            } catch (IOException | RuntimeException deletion) {
                e.addSuppressed(deletion);
            }
            throw e;
        }
    }

    /** The local file behind {@code p}, or null when {@code fs} is not the local file system. */
    private static File localFile(FileSystem fs, Path p) {
        if (fs instanceof LocalFileSystem checksummed) {
            return checksummed.pathToFile(p);
        }
        if (fs instanceof RawLocalFileSystem raw) {
            return raw.pathToFile(p);
        }
        return null;
    }

    /** The target's {@code .name.crc} would no longer match; without one the local file system reads unchecked. */
    private static void dropChecksumSidecar(FileSystem fs, Path target) throws IOException {
        if (fs instanceof LocalFileSystem checksummed) {
            Files.deleteIfExists(checksummed.pathToFile(checksummed.getChecksumFile(target)).toPath());
        }
    }
}
