package org.sparknmt.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code spark-nmt evaluate} as a user runs it: the last line is BLEU with its sacreBLEU-style signature, for the
 * shared test vectors (plain and gzip input); bad input exits 2 with a message that names the file.
 */
class EvaluateCommandTest {
    private static Path vectors() {
        Path dir = Path.of(System.getProperty("shared.dir", "../../shared")).resolve("bleu-vectors");
        Assumptions.assumeTrue(Files.isDirectory(dir), "skipped: no BLEU test vectors at " + dir.toAbsolutePath()
                + " (../shared is not next to this clone; set -Dshared.dir to the shared directory)");
        return dir;
    }

    @Test
    void theLastLineIsBleuWithItsSignature(@TempDir Path tmp) throws IOException {
        Path mild = vectors().resolve("de-13a-mild");
        Path hypGz = tmp.resolve("hyp.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(hypGz))) {
            out.write(Files.readAllBytes(mild.resolve("hyp.txt")));
        }
        for (String hyp : List.of(mild.resolve("hyp.txt").toString(), hypGz.toString())) {
            Cli.Run r = Cli.run("evaluate", "--ref", mild.resolve("ref.txt").toString(), "--hyp", hyp);
            assertEquals(0, r.code(), r.err());
            List<String> lines = r.out().lines().toList();
            assertTrue(lines.get(0).startsWith("chrF2|"), r.out());
            String last = lines.get(lines.size() - 1);
            // sacreBLEU 2.6.0: 71.538, 91.1/77.9/66.0/56.0, BP 1.000, ratio 1.006, hyp_len 6102, ref_len 6066
            assertTrue(last.startsWith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:"), last);
            assertTrue(last.endsWith(" = 71.54 91.1/77.9/66.0/56.0 (BP = 1.000 ratio = 1.006 hyp_len = 6102 ref_len = 6066)"), last);
        }
        Path zh = vectors().resolve("zh-tokenize-zh");
        Cli.Run r = Cli.run("evaluate", "--ref", zh.resolve("ref.txt").toString(), "--hyp", zh.resolve("hyp.txt").toString(),
                "--tokenize", "zh", "--width", "4");
        assertEquals(0, r.code(), r.err());
        String json = Files.readString(zh.resolve("sacrebleu.json"));
        String score = json.replaceAll("(?s).*\"score\": ([0-9.]+).*", "$1");
        String last = r.out().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.contains("|tok:zh|") && last.contains(" = " + String.format(java.util.Locale.ROOT, "%.4f",
                Double.parseDouble(score)) + " "), last + " vs sacreBLEU " + score);
    }

    @Test
    void badInputExitsWithAMessageNamingTheFile(@TempDir Path tmp) throws IOException {
        Path ref = Files.writeString(tmp.resolve("ref.txt"), "a b c\nd e f\n");
        Path hyp = Files.writeString(tmp.resolve("hyp.txt"), "a b c\n");
        Cli.Run missing = Cli.run("evaluate", "--ref", ref.toString(), "--hyp", tmp.resolve("nope.txt").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("--hyp: file not found") && missing.err().contains("nope.txt"), missing.err());
        Cli.Run shorter = Cli.run("evaluate", "--ref", ref.toString(), "--hyp", hyp.toString());
        assertEquals(2, shorter.code(), shorter.err());
        assertTrue(shorter.err().contains("has 1 lines but --ref") && shorter.err().contains("line-aligned"), shorter.err());
        Files.write(hyp, new byte[]{'a', (byte) 0xff, '\n', 'b', '\n'});
        Cli.Run invalid = Cli.run("evaluate", "--ref", ref.toString(), "--hyp", hyp.toString());
        assertEquals(2, invalid.code(), invalid.err());
        assertTrue(invalid.err().contains("invalid UTF-8") && invalid.err().contains("hyp.txt at line 1"), invalid.err());
    }
}
