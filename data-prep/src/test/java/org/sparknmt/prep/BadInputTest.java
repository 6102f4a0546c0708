package org.sparknmt.prep;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input never crashes obscurely or loses data silently: each case ends in a clear message naming the file,
 * or in a counted, reported drop/repair. Failed runs leave no output behind.
 */
@ExtendWith(LocalSpark.class)
class BadInputTest {

    /** A small clean corpus so that every test has pairs that survive. */
    private static String goodLines(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("the cat number ").append(i).append(" sat on the mat .\tdie Katze Nummer ").append(i)
                    .append(" saß auf der Matte .\n");
        }
        return sb.toString();
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return gz.toByteArray();
    }

    private static PrepResult runTsv(JavaSparkContext sc, Path input, Path out, String... more) {
        String[] all = Arrays.copyOf(more, more.length + 2);
        all[more.length] = "input.sourceColumn=0";
        all[more.length + 1] = "input.targetColumn=1";
        return PrepFixtures.run(sc, PrepFixtures.tsv(input, out, all));
    }

    @Test
    void missingInputNamesThePath(JavaSparkContext sc, @TempDir Path tmp) {
        Path missing = tmp.resolve("nope.tsv");
        PrepException e = assertThrows(PrepException.class, () -> runTsv(sc, missing, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains(missing.toString()), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void misalignedSidesFailBeforeWritingAndNameBothFilesAndCounts(JavaSparkContext sc, @TempDir Path tmp) throws IOException {
        Path src = write(tmp, "a.en", "one\ntwo\nthree\n");
        Path tgt = write(tmp, "a.de", "eins\nzwei\n");
        PrepException e = assertThrows(PrepException.class,
                () -> PrepFixtures.run(sc, PrepFixtures.parallel(src, tgt, tmp.resolve("out"))));
        String m = e.getMessage();
        assertTrue(m.contains("a.en") && m.contains("a.de") && m.contains("3 lines") && m.contains("2 lines"), m);
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.count(), "nothing written, no staging left");
        }
    }

    @Test
    void invalidUtf8IsReplacedAndCountedOrDropped(JavaSparkContext sc, @TempDir Path tmp) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(goodLines(40).getBytes(StandardCharsets.UTF_8));
        bytes.write("bad \u00e9".getBytes(StandardCharsets.UTF_8));
        bytes.write(new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        bytes.write("\tschlecht\n".getBytes(StandardCharsets.UTF_8));
        Path in = write(tmp, "bad.tsv", bytes.toByteArray());

        PrepResult replaced = runTsv(sc, in, tmp.resolve("r"));
        assertEquals(41, replaced.inputPairs());
        assertEquals(1, replaced.fixes().get(Fix.INVALID_UTF8_REPLACED));
        assertEquals(0, replaced.dropped().get(DropReason.INVALID_UTF8));

        PrepResult dropped = runTsv(sc, in, tmp.resolve("d"), "input.invalidUtf8=drop");
        assertEquals(1, dropped.dropped().get(DropReason.INVALID_UTF8));
        assertEquals(40, dropped.kept());
        assertTrue(PrepFixtures.manifest(tmp.resolve("d")).at("/dropSamples/invalid_utf8/0").asText().contains("bad.tsv:41"));
    }

    @Test
    void bomCrlfEmptyLinesShortLinesAndAHugeLineAreCountedNotFatal(JavaSparkContext sc, @TempDir Path tmp) throws IOException {
        String huge = "word ".repeat(20_000); // 100,000 characters
        String text = "\uFEFF" + goodLines(30).replace("\n", "\r\n")
                + "\r\n"                                  // empty line
                + "only one column\r\n"                   // too few columns
                + huge + "\t" + huge + "\r\n"             // too many tokens
                + "   \t  \r\n"                           // blank line with a tab: empty line
                + "\u200B\u200B\tleer\r\n"                  // source only invisible: empty after cleaning
                + "x\u00A0y\tz\n";                       // NBSP: repaired, kept
        Path in = write(tmp, "messy.tsv", text);
        PrepResult r = runTsv(sc, in, tmp.resolve("out"));
        assertEquals(36, r.inputPairs());
        assertEquals(r.inputPairs(), r.kept() + r.droppedTotal());
        assertEquals(2, r.dropped().get(DropReason.EMPTY_LINE));
        assertEquals(1, r.dropped().get(DropReason.TOO_FEW_COLUMNS));
        assertEquals(1, r.dropped().get(DropReason.TOO_MANY_TOKENS));
        assertEquals(1, r.dropped().get(DropReason.EMPTY_SOURCE));
        assertEquals(31, r.kept());
        assertFalse(Files.readString(tmp.resolve("out/vocab.source.txt")).contains("\uFEFF"), "file-leading BOM removed");
        assertTrue(r.fixes().get(Fix.WHITESPACE) >= 1);
        assertTrue(PrepFixtures.manifest(tmp.resolve("out")).at("/dropSamples/too_few_columns/0").asText()
                .contains("messy.tsv:32"), "the sample names file and line");
        for (String line : PrepFixtures.lines(tmp.resolve("out/heldout/valid.src"))) {
            assertFalse(line.contains("\r"), "CR never leaks into text");
        }
    }

    @Test
    void emptyCorpusIsAClearError(JavaSparkContext sc, @TempDir Path tmp) throws IOException {
        Path in = write(tmp, "empty.tsv", "");
        PrepException e = assertThrows(PrepException.class, () -> runTsv(sc, in, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("no sentence pair survived"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void truncatedGzipNamesTheFile(JavaSparkContext sc, @TempDir Path tmp) throws IOException {
        byte[] whole = gzip(goodLines(5000));
        Path in = write(tmp, "cut.tsv.gz", Arrays.copyOf(whole, whole.length / 2));
        PrepException e = assertThrows(PrepException.class, () -> runTsv(sc, in, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("cut.tsv.gz") && e.getMessage().contains("truncated or corrupt"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void gzipAndBzip2InputsReadLikePlainText(JavaSparkContext sc, @TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("parts"));
        write(dir, "part-1.tsv.gz", gzip(goodLines(50)));
        write(dir, "part-2.tsv", goodLines(20));
        PrepResult r = runTsv(sc, dir, tmp.resolve("out"), "clean.dedupe=false");
        assertEquals(70, r.inputPairs());
        assertEquals(70, r.kept());
    }

    @Test
    void existingOutputIsRefusedUnlessOverwrite(JavaSparkContext sc, @TempDir Path tmp) throws IOException {
        Path in = write(tmp, "ok.tsv", goodLines(40));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "precious");
        PrepException e = assertThrows(PrepException.class, () -> runTsv(sc, in, out));
        assertTrue(e.getMessage().contains("already exists") && e.getMessage().contains("--overwrite"), e.getMessage());
        assertTrue(Files.exists(out.resolve("keep.txt")), "refusal leaves the existing output intact");

        runTsv(sc, in, out, "output.overwrite=true");
        assertFalse(Files.exists(out.resolve("keep.txt")));
        assertTrue(Files.exists(out.resolve("manifest.json")));
    }
}
