package org.sparknmt.hadoop;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.nio.charset.StandardCharsets;

/** The writer process {@link KilledWriterTest} kills: {@code stop-before-rename <file>} or {@code loop <file>}. */
public final class KilledWriterChild {
    static final String SYNCED = "synced, not renamed";
    static final String STARTED = "writing";

    private KilledWriterChild() {
    }

    /** A version: 256 KiB of one letter (large enough that a partial file would show). */
    static String content(char letter) {
        return String.valueOf(letter).repeat(256 * 1024);
    }

    public static void main(String[] args) throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        Path target = new Path(java.nio.file.Path.of(args[1]).toUri());
        if ("stop-before-rename".equals(args[0])) {
            AtomicHadoopFiles.write(fs, target, out -> out.write(content('B').getBytes(StandardCharsets.UTF_8)), t -> {
                System.out.println(SYNCED);
                System.out.flush();
                sleepForever();
            });
            return;
        }
        System.out.println(STARTED);
        System.out.flush();
        for (long i = 0; ; i++) {
            String text = content(i % 2 == 0 ? 'B' : 'A');
            AtomicHadoopFiles.writeText(fs, target, text);
        }
    }

    private static void sleepForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
