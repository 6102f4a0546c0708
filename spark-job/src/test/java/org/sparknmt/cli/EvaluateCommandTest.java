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
            assertEquals(2, lines.size(), r.out());
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

    /** The vectors kept in the model module's test resources (sacreBLEU 2.6.0 output, see their README). */
    private static Path repoVectors() {
        return Path.of(System.getProperty("project.root", "..")).resolve("model/src/test/resources/org/sparknmt/eval/vectors");
    }

    @Test
    void metricsPrintInTheOrderChrfTerBleu() {
        Path intl = repoVectors().resolve("intl-multilingual");
        Cli.Run r = Cli.run("evaluate", "--ref", intl.resolve("ref.txt").toString(), "--hyp",
                intl.resolve("hyp.txt").toString(), "--metrics", "bleu,ter,CHRF", "--tokenize", "intl", "--width", "4");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("chrF2|"), r.out());
        assertTrue(lines.get(1).startsWith("TER|nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:"), r.out());
        // sacreBLEU 2.6.0 --tokenize intl: 66.5553
        assertTrue(lines.get(2).startsWith("BLEU|nrefs:1|case:mixed|eff:no|tok:intl|smooth:exp|version:"), r.out());
        assertTrue(lines.get(2).endsWith(" = 66.5553 88.8/74.4/64.5/55.2 (BP = 0.956 ratio = 0.957 hyp_len = 1387"
                + " ref_len = 1450)"), r.out());
    }

    @Test
    void terOptionsReachTheMetric() {
        Path ter = repoVectors().resolve("ter-case-sensitive");
        Cli.Run r = Cli.run("evaluate", "--ref", ter.resolve("ref.txt").toString(), "--hyp",
                ter.resolve("hyp.txt").toString(), "-m", "ter", "--ter-case-sensitive", "--width", "4");
        assertEquals(0, r.code(), r.err());
        // sacreBLEU 2.6.0 -m ter --ter-case-sensitive: 18.527
        assertTrue(r.out().strip().matches("TER\\|nrefs:1\\|case:mixed\\|tok:tercom\\|norm:no\\|punct:yes\\|asian:no"
                + "\\|version:[^ ]+ = 18\\.5270"), r.out());
        Path chars = repoVectors().resolve("char-multilingual");
        Cli.Run c = Cli.run("evaluate", "--ref", chars.resolve("ref.txt").toString(), "--hyp",
                chars.resolve("hyp.txt").toString(), "-m", "bleu", "--tokenize", "CHAR", "--width", "4");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("|tok:char|") && c.out().contains(" = 84.2356 "), c.out()); // sacreBLEU: 84.2356
    }

    @Test
    void badChoicesAreListed(@TempDir Path tmp) throws IOException {
        Path f = Files.writeString(tmp.resolve("f.txt"), "a b c\n");
        Cli.Run tok = Cli.run("evaluate", "--ref", f.toString(), "--hyp", f.toString(), "--tokenize", "ja-mecab");
        assertEquals(2, tok.code(), tok.err());
        assertTrue(tok.err().contains("--tokenize") && tok.err().contains("expected one of 13a, zh, none, intl, char"
                + " but was 'ja-mecab'"), tok.err());
        Cli.Run metric = Cli.run("evaluate", "--ref", f.toString(), "--hyp", f.toString(), "--metrics", "bleu,meteor");
        assertEquals(2, metric.code(), metric.err());
        assertTrue(metric.err().contains("--metrics") && metric.err().contains("CHRF, TER, BLEU")
                && metric.err().contains("meteor"), metric.err());
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
