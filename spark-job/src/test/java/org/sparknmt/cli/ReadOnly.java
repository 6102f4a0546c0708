package org.sparknmt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Makes a directory unwritable for real. Permission bits do not stop root (CI runs as root), so as root the
 * directory is made immutable with {@code chattr +i}; otherwise it is made {@code r-x}.
 */
final class ReadOnly {
    private ReadOnly() {
    }

    static void set(Path dir, boolean readOnly) throws IOException, InterruptedException {
        if ("root".equals(System.getProperty("user.name"))) {
            Process p = new ProcessBuilder("chattr", readOnly ? "+i" : "-i", dir.toString()).inheritIO().start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("chattr " + (readOnly ? "+i " : "-i ") + dir + " failed (exit " + p.exitValue() + ")");
            }
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(readOnly ? "r-xr-xr-x" : "rwxr-xr-x"));
        }
    }
}
