package org.sparknmt.offline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.sparknmt.config.ConfigException;
import org.sparknmt.hadoop.AtomicHadoopFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Commits the translation output so that nothing partial ever sits where the output belongs. Tasks write part files
 * into a hidden staging directory next to the output (through Hadoop's output committer, which keeps only one
 * attempt of each task); once the job succeeded, {@link #publish} joins the parts in partition order into one
 * file written atomically in place (compressed when the output name ends in a codec's extension, e.g. {@code .gz}),
 * checking its line count before the rename that publishes it.
 * A table output (a directory) is published by renaming the staging directory's table ({@link #publishTable}).
 * {@link #abort} removes the staging directory; a killed driver leaves only hidden files behind.
 */
final class OutputCommit {
    private final FileSystem fs;
    private final Path output;
    private final Path staging;
    private final boolean overwrite;

    private OutputCommit(FileSystem fs, Path output, Path staging, boolean overwrite) {
        this.fs = fs;
        this.output = output;
        this.staging = staging;
        this.overwrite = overwrite;
    }

    /** Checks the output path and names a staging directory for run {@code runId}. */
    static OutputCommit begin(String outputSpec, boolean overwrite, String runId, Configuration conf) {
        Path given = new Path(outputSpec);
        try {
            FileSystem fs = given.getFileSystem(conf);
            Path output = fs.makeQualified(given);
            if (fs.exists(output) && !overwrite) {
                throw new ConfigException("--output " + outputSpec + " already exists; pass --overwrite to replace it");
            }
            if (output.getParent() == null) {
                throw new ConfigException("--output " + outputSpec + " is a root directory; name a file");
            }
            Path staging = new Path(output.getParent(), "." + output.getName() + ".staging-" + runId);
            return new OutputCommit(fs, output, staging, overwrite);
        } catch (IOException e) {
            throw new ConfigException("--output " + outputSpec + ": " + e.getMessage());
        }
    }

    Path output() {
        return output;
    }

    /** Where the job writes its part files. */
    Path partsDir() {
        return new Path(staging, "parts");
    }

    /**
     * Joins the parts into the final output, written atomically in place ({@link AtomicHadoopFiles}): an old output
     * being replaced stays whole until the complete new one takes its name.
     *
     * @param expectedLines the number of lines the output must have
     * @throws IOException when the parts do not add up to {@code expectedLines} (nothing is then published)
     */
    void publish(long expectedLines) throws IOException {
        if (fs.exists(output) && !overwrite) {
            throw new ConfigException("--output " + output + " appeared while translating; nothing was published");
        }
        List<Path> parts = parts();
        AtomicHadoopFiles.write(fs, output, out -> {
            long lines = join(parts, out);
            if (lines != expectedLines) {
                throw new IOException("translation output has " + lines + " lines but " + expectedLines
                        + " were expected; nothing was published to " + output);
            }
        });
        fs.delete(staging, true);
    }

    /**
     * Publishes the table the job wrote into {@link #partsDir} (a directory of part files) by renaming it to the
     * output. An old output being replaced is first moved into the staging directory and deleted only once the new
     * table has its name, so the output path never holds a partial table (between the two renames it is briefly
     * absent); if the second rename fails, the old output is moved back.
     */
    void publishTable() throws IOException {
        if (fs.exists(output) && !overwrite) {
            throw new ConfigException("--output " + output + " appeared while translating; nothing was published");
        }
        Path replaced = new Path(staging, "replaced");
        boolean replacing = fs.exists(output);
        if (replacing && !fs.rename(output, replaced)) {
            throw new IOException("cannot move the old output " + output + " aside; nothing was published");
        }
        if (!fs.rename(partsDir(), output)) {
            if (replacing) {
                fs.rename(replaced, output);
            }
            throw new IOException("cannot rename " + partsDir() + " to " + output + "; nothing was published");
        }
        fs.delete(staging, true);
    }

    /** Removes the staging directory; failures to do so are ignored (it is hidden and named after the run). */
    void abort() {
        try {
            fs.delete(staging, true);
        } catch (IOException | RuntimeException ignored) {
            // best effort: the caller is already failing with the real cause
        }
    }

    private List<Path> parts() throws IOException {
        List<Path> parts = new ArrayList<>();
        for (FileStatus s : fs.listStatus(partsDir())) {
            if (s.isFile() && s.getPath().getName().startsWith("part-")) {
                parts.add(s.getPath());
            }
        }
        parts.sort(Comparator.comparingLong(OutputCommit::partNumber));
        return parts;
    }

    private static long partNumber(Path p) {
        String digits = p.getName().substring("part-".length()).replaceAll("\\D.*$", "");
        return Long.parseLong(digits);
    }

    private long join(List<Path> parts, OutputStream target) throws IOException {
        CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(output);
        long newlines = 0;
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = codec == null ? target : codec.createOutputStream(target)) {
            for (Path part : parts) {
                try (InputStream in = fs.open(part)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        for (int i = 0; i < n; i++) {
                            if (buf[i] == '\n') {
                                newlines++;
                            }
                        }
                        out.write(buf, 0, n);
                    }
                }
            }
        }
        return newlines;
    }
}
