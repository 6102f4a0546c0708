package org.sparknmt.cli;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleIO;
import org.sparknmt.decode.DecodeOptions;
import org.sparknmt.offline.IndexRanges;
import org.sparknmt.offline.OutputLines;
import org.sparknmt.translate.OverlongPolicy;
import org.sparknmt.translate.SourceLimit;
import org.sparknmt.translate.Translation;
import org.sparknmt.translate.Translator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark batch translation job on local[2] with a model trained for a few steps: every input line comes back in
 * its place across many partitions and input files (plain and gzip), with empty, overlong and invalid-UTF-8 lines;
 * the output is committed atomically; bad input fails clearly and leaves nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranslateJobTest {
    private static final int PARTITIONS = 12;
    private Path tmp;
    private Path bundle;
    private Path inputDir;
    /** The input lines as the job reads them: part-0 then part-1 (path order), invalid bytes as U+FFFD. */
    private List<String> lines;
    private List<Integer> overlongLines;

    @BeforeAll
    void trainAndWriteInput(@TempDir Path dir) throws IOException {
        tmp = dir;
        bundle = Cli.tinyBundle(dir);
        List<String> src = Cli.heldOutSources(dir);
        lines = new ArrayList<>();
        overlongLines = new ArrayList<>();
        for (int i = 0; lines.size() < 700; i++) {
            String s = src.get(i % src.size());
            if (i % 97 == 5) {
                lines.add("");
            } else if (i % 101 == 7) {
                lines.add("   ");
            } else if (i % 151 == 11) {
                overlongLines.add(lines.size());
                lines.add(String.join("", java.util.Collections.nCopies(40, s))); // far over 100 subwords
            } else {
                lines.add(i % 3 == 0 ? s + s : s);
            }
        }
        inputDir = Files.createDirectories(dir.resolve("input"));
        List<String> first = lines.subList(0, 400);
        List<String> second = new ArrayList<>(lines.subList(400, lines.size()));
        Files.write(inputDir.resolve("part-0.txt"), first, StandardCharsets.UTF_8);
        byte[] bad = "caf\u00e9 ".getBytes(StandardCharsets.UTF_8);
        bad[3] = (byte) 0xff; // an invalid byte where é started: the job reads it as U+FFFD and counts the line
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(inputDir.resolve("part-1.txt.gz")))) {
            gz.write(bad);
            gz.write('\n');
            gz.write(String.join("\n", second.subList(1, second.size())).getBytes(StandardCharsets.UTF_8));
            gz.write('\n');
        }
        lines.set(400, "caf\ufffd\ufffd ");
        Files.writeString(inputDir.resolve("_SUCCESS"), "", StandardCharsets.UTF_8); // hidden/marker files are not input
    }

    @Test
    void everyLineComesBackInItsPlaceAcrossPartitionsAndFiles() throws IOException {
        Path out = tmp.resolve("out.txt");
        Cli.Run r = Cli.run("translate", "--bundle", bundle.toString(), "--input", inputDir.toString(),
                "--output", out.toString(), "--master", "local[2]", "--partitions", String.valueOf(PARTITIONS),
                "--batch-size", "16");
        assertEquals(0, r.code(), r.err());
        List<String> got = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(lines.size(), got.size(), "one output line per input line");
        assertSameLines(onTheDriver(DecodeOptions.greedy(), OverlongPolicy.TRUNCATE, 16), got);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                assertEquals("", got.get(i), "an empty input line stays empty (line " + (i + 1) + ")");
            }
        }
        assertTrue(new HashSet<>(got).size() > 20, "the outputs depend on the input, so the comparison can fail");
        assertNoStaging();
        // local mode: the tasks reuse the driver's check-load; at most one network copy per task slot, not per task
        assertTrue(r.out().contains("bundle loads on executors 0, network copies "), r.out());
        int copies = Integer.parseInt(r.out().replaceAll("(?s).*network copies (\\d+).*", "$1"));
        assertTrue(copies <= 2, "copies for 12 tasks on 2 slots: " + copies);
        assertTrue(r.out().contains("empty lines " + lines.stream().filter(String::isBlank).count() + " | over 100 subwords (truncate) "
                + overlongLines.size() + " | invalid UTF-8 replaced 1 | output lines 700"), r.out());
    }

    @Test
    void nBestTsvAndTheSkipPolicyKeepLineNumbers() throws IOException {
        Path out = tmp.resolve("nbest.tsv.gz");
        Cli.Run r = Cli.run("translate", "--bundle", bundle.toString(), "--input", inputDir.toString(),
                "--output", out.toString(), "--master", "local[2]", "--partitions", String.valueOf(PARTITIONS),
                "--beam", "3", "--nbest", "2", "--overlong", "skip");
        assertEquals(0, r.code(), r.err());
        List<String> got;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
            got = Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        assertSameLines(onTheDriver(DecodeOptions.beam(3).withNBest(2), OverlongPolicy.SKIP, 64), got);
        for (int i : overlongLines) {
            String lineNo = (i + 1) + "\t";
            assertFalse(got.stream().anyMatch(row -> row.startsWith(lineNo)), "skipped overlong line " + (i + 1));
        }
    }

    @Test
    void bundleInputAndCompressedOutputOnHdfs() throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("minidfs").toString());
        conf.setInt("dfs.replication", 1);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            cluster.waitActive();
            FileSystem fs = cluster.getFileSystem();
            String hdfs = fs.getUri().toString();
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(bundle.toUri()), new org.apache.hadoop.fs.Path(hdfs + "/models/m.bundle"));
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(inputDir.toUri()), new org.apache.hadoop.fs.Path(hdfs + "/in"));
            Path local = tmp.resolve("local-reference.txt");
            Cli.Run reference = Cli.run("translate", "--bundle", bundle.toString(), "--input", inputDir.toString(),
                    "--output", local.toString(), "--master", "local[2]", "--partitions", "5");
            assertEquals(0, reference.code(), reference.err());

            String out = hdfs + "/out/test.hyp.gz";
            Cli.Run r = Cli.run("translate", "--bundle", hdfs + "/models/m.bundle", "--input", hdfs + "/in/part-*",
                    "--output", out, "--master", "local[2]", "--partitions", "5");
            assertEquals(0, r.code(), r.err());
            List<String> got;
            try (InputStream in = new GZIPInputStream(fs.open(new org.apache.hadoop.fs.Path(out)))) {
                got = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
            assertSameLines(Files.readAllLines(local, StandardCharsets.UTF_8), got);
            assertEquals(1, fs.listStatus(new org.apache.hadoop.fs.Path(hdfs + "/out")).length, "only the output, no staging");

            Cli.Run eval = Cli.run("evaluate", "--ref", local.toString(), "--hyp", out);
            assertEquals(0, eval.code(), eval.err());
            assertTrue(eval.out().trim().lines().reduce((a, b) -> b).orElseThrow().contains(" = 100.00 "), eval.out());
        } finally {
            cluster.shutdown(true);
        }
    }

    @Test
    void badInputFailsClearlyAndLeavesNothingBehind() throws IOException {
        Path out = tmp.resolve("bad.txt");
        Cli.Run missing = Cli.run("translate", "--bundle", bundle.toString(), "--input", tmp.resolve("nope*.txt").toString(),
                "--output", out.toString(), "--master", "local[2]");
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("--input not found") && missing.err().contains("nope*.txt"), missing.err());

        Path corrupt = tmp.resolve("corrupt.bundle");
        byte[] whole = Files.readAllBytes(bundle);
        Files.write(corrupt, Arrays.copyOf(whole, whole.length / 2));
        Cli.Run unreadable = Cli.run("translate", "--bundle", corrupt.toString(), "--input", inputDir.toString(),
                "--output", out.toString(), "--master", "local[2]");
        assertEquals(2, unreadable.code(), unreadable.err());
        assertTrue(unreadable.err().contains("--bundle") && unreadable.err().contains("corrupt.bundle")
                && unreadable.err().contains("cannot be read"), unreadable.err());

        Cli.Run overlong = Cli.run("translate", "--bundle", bundle.toString(), "--input", inputDir.toString(),
                "--output", out.toString(), "--master", "local[2]", "--overlong", "fail");
        assertEquals(2, overlong.code(), overlong.err());
        assertTrue(overlongLines.stream().map(TranslateJobTest::where).anyMatch(overlong.err()::contains)
                && overlong.err().contains("over the limit of 100"), "names the file and line: " + overlong.err());
        assertFalse(Files.exists(out), "a failed job publishes nothing");

        Files.writeString(out, "keep me\n", StandardCharsets.UTF_8);
        Cli.Run exists = Cli.run("translate", "--bundle", bundle.toString(), "--input", inputDir.toString(),
                "--output", out.toString(), "--master", "local[2]");
        assertEquals(2, exists.code(), exists.err());
        assertTrue(exists.err().contains("already exists") && exists.err().contains("--overwrite"), exists.err());
        assertEquals("keep me\n", Files.readString(out, StandardCharsets.UTF_8));
        Cli.Run replaced = Cli.run("translate", "--bundle", bundle.toString(), "--input", inputDir.toString(),
                "--output", out.toString(), "--master", "local[2]", "--overwrite");
        assertEquals(0, replaced.code(), replaced.err());
        assertEquals(lines.size(), Files.readAllLines(out, StandardCharsets.UTF_8).size());
        assertNoStaging();
    }

    /** The driver's Translator over the job's partition ranges (same batches, so the same float arithmetic). */
    private List<String> onTheDriver(DecodeOptions options, OverlongPolicy policy, int batchSize) throws IOException {
        Bundle b = BundleIO.read(bundle);
        SourceLimit limit = new SourceLimit(SourceLimit.trainedLimit(b.dataConfigYaml()), policy);
        Translator t = Translator.of(b, b.network(), batchSize, limit.maxTokens());
        IndexRanges ranges = new IndexRanges(PARTITIONS, lines.size());
        List<String> out = new ArrayList<>();
        for (int p = 0, from = 0; p < PARTITIONS; p++) {
            int to = from;
            while (to < lines.size() && ranges.getPartition((long) to) == p) {
                to++;
            }
            List<int[]> sources = new ArrayList<>();
            for (String s : lines.subList(from, to)) {
                sources.add(limit.apply(t.text().encodeSource(s), "line"));
            }
            List<List<Translation>> results = t.translateEncoded(sources, options);
            for (int i = 0; i < results.size(); i++) {
                OutputLines.emit(from + i + 1, results.get(i), options.nBest() > 1, out::add);
            }
            from = to;
        }
        return out;
    }

    /** {@code file:line} of input line {@code i} (0-based; 400 lines in part-0.txt, the rest in part-1.txt.gz). */
    private static String where(int i) {
        return i < 400 ? "part-0.txt:" + (i + 1) : "part-1.txt.gz:" + (i - 399);
    }

    private static void assertSameLines(List<String> expected, List<String> got) {
        for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
            assertEquals(expected.get(i), got.get(i), "output line " + (i + 1));
        }
        assertEquals(expected.size(), got.size(), "output lines");
    }

    private void assertNoStaging() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().contains(".staging-")), "no staging directory left");
        }
    }
}
