package org.sparknmt.hadoop;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The atomic write on the file systems production uses: local (checksummed and raw) and HDFS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AtomicHadoopFilesTest {
    private MiniDFSCluster cluster;

    @BeforeAll
    void startHdfs() throws IOException {
        cluster = MiniHdfs.start();
    }

    @AfterAll
    void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    private List<FileSystem> fileSystems() throws IOException {
        LocalFileSystem local = FileSystem.getLocal(new Configuration());
        return List.of(local, local.getRawFileSystem(), cluster.getFileSystem());
    }

    private static Path dir(FileSystem fs, java.nio.file.Path tmp, String name) {
        return "hdfs".equals(fs.getUri().getScheme()) ? new Path("/" + name) : new Path(tmp.resolve(name).toUri());
    }

    static String read(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> names(FileSystem fs, Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            names.add(s.getPath().getName());
        }
        return names.stream().sorted().toList();
    }

    @Test
    void replacesTheTargetWhichStaysWholeUntilTheRenameAndLeavesNoTemporaryFile(@TempDir java.nio.file.Path tmp)
            throws IOException {
        for (FileSystem fs : fileSystems()) {
            Path dir = dir(fs, tmp, "replace-" + fs.getClass().getSimpleName());
            Path target = new Path(dir, "latest");
            AtomicHadoopFiles.writeText(fs, target, "step-1.bundle\n");
            List<String> seenBeforeRename = new ArrayList<>();
            AtomicHadoopFiles.write(fs, target, out -> out.write("step-2.bundle\n".getBytes(StandardCharsets.UTF_8)),
                    t -> seenBeforeRename.add(read(fs, t)));
            assertEquals(List.of("step-1.bundle\n"), seenBeforeRename, fs.getClass().getSimpleName() + ": never deleted first");
            assertEquals("step-2.bundle\n", read(fs, target), fs.getClass().getSimpleName());
            assertEquals(List.of("latest"), names(fs, dir), fs.getClass().getSimpleName());
        }
    }

    @Test
    void aWriterThatFailsLeavesTheOldContentAndNoTemporaryFile(@TempDir java.nio.file.Path tmp) throws IOException {
        for (FileSystem fs : fileSystems()) {
            Path dir = dir(fs, tmp, "fail-" + fs.getClass().getSimpleName());
            Path target = new Path(dir, "metrics.jsonl");
            AtomicHadoopFiles.writeText(fs, target, "old\n");
            IOException e = assertThrows(IOException.class, () -> AtomicHadoopFiles.write(fs, target, out -> {
                out.write("half of the new".getBytes(StandardCharsets.UTF_8));
                throw new IOException("disk full");
            }));
            assertEquals("disk full", e.getMessage());
            assertEquals("old\n", read(fs, target));
            assertEquals(List.of("metrics.jsonl"), names(fs, dir), fs.getClass().getSimpleName());
        }
    }

    @Test
    void aStaleLocalChecksumIsDroppedSoTheNewContentReadsBack(@TempDir java.nio.file.Path tmp) throws IOException {
        LocalFileSystem local = FileSystem.getLocal(new Configuration());
        Path target = new Path(tmp.resolve("best").toUri());
        try (FSDataOutputStream out = local.create(target, true)) {
            out.write("step-000000001.bundle\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of(".best.crc", "best"), names(local.getRawFileSystem(), new Path(tmp.toUri())));
        AtomicHadoopFiles.writeText(local, target, "step-000000002.bundle\n");
        assertEquals("step-000000002.bundle\n", read(local, target));
        assertFalse(Files.exists(tmp.resolve(".best.crc")));
    }

    @Test
    void missingParentDirectoriesAreCreatedAsHadoopCreateDoes(@TempDir java.nio.file.Path tmp) throws IOException {
        for (FileSystem fs : fileSystems()) {
            Path target = new Path(dir(fs, tmp, "made-" + fs.getClass().getSimpleName()), "a/b/CURRENT");
            AtomicHadoopFiles.writeText(fs, target, "bundles/x.bundle\n");
            assertEquals("bundles/x.bundle\n", read(fs, target));
        }
    }
}
