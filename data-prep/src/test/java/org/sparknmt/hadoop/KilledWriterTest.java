package org.sparknmt.hadoop;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer process killed with SIGKILL (no shutdown hooks, no finally blocks) while it replaces a file through the
 * local Hadoop file system: afterwards the target holds the old content or the new, never none and never a part.
 */
class KilledWriterTest {
    private static final FileSystem LOCAL = local();

    private static FileSystem local() {
        try {
            return FileSystem.getLocal(new Configuration());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Process child(String mode, java.nio.file.Path target) throws IOException {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), KilledWriterChild.class.getName(),
                mode, target.toString()).redirectErrorStream(true).start();
    }

    private static void awaitLine(Process p, String line) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String l; (l = out.readLine()) != null; ) {
            if (l.equals(line)) {
                return;
            }
        }
        throw new AssertionError("the child ended without printing " + line);
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void killedAfterTheSyncAndBeforeTheRenameTheOldContentIsThere(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path target = dir.resolve("latest");
        AtomicHadoopFiles.writeText(LOCAL, new Path(target.toUri()), KilledWriterChild.content('A'));
        Process p = child("stop-before-rename", target);
        awaitLine(p, KilledWriterChild.SYNCED);
        kill(p);
        assertEquals(KilledWriterChild.content('A'), AtomicHadoopFilesTest.read(LOCAL, new Path(target.toUri())));
    }

    @Test
    void killedAtRandomPointsOfALoopOfWritesTheTargetIsAlwaysOneWholeVersion(@TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path target = dir.resolve("best");
        AtomicHadoopFiles.writeText(LOCAL, new Path(target.toUri()), KilledWriterChild.content('A'));
        List<String> versions = List.of(KilledWriterChild.content('A'), KilledWriterChild.content('B'));
        Random random = new Random(16);
        for (int round = 0; round < 8; round++) {
            Process p = child("loop", target);
            awaitLine(p, KilledWriterChild.STARTED);
            Thread.sleep(random.nextInt(400));
            kill(p);
            String content = AtomicHadoopFilesTest.read(LOCAL, new Path(target.toUri()));
            assertTrue(versions.contains(content), "round " + round + ": the target holds " + content.length()
                    + " characters, not one whole version");
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("best")));
        }
    }
}
