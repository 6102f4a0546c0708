package org.sparknmt.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code spark-nmt translate --format parquet|json|csv} through the command line on local[2]: the output table has
 * the input's rows and columns plus the translation column, with the same translations as the text job gives for
 * the same sentences in one partition; bad table options fail clearly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranslateTableTest {
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.IntegerType)
            .add("text", DataTypes.StringType).add("tag", DataTypes.StringType);
    private Path tmp;
    private String bundle;
    /** The sentences (one empty), as a text file and as tables; the parquet table has a null text row after them. */
    private List<String> sentences;
    private List<String> reference;

    @BeforeAll
    void trainAndWriteTables(@TempDir Path dir) throws IOException {
        ServedBundle model = ServedBundle.train(dir, 60);
        tmp = model.dir;
        bundle = model.bundle.toString();
        sentences = new ArrayList<>(model.sentences.stream().filter(s -> !s.contains("\"") && !s.contains("\\"))
                .limit(40).toList());
        sentences.set(7, "");
        Path text = Files.write(dir.resolve("in.txt"), sentences, StandardCharsets.UTF_8);
        Cli.Run ref = Cli.run("translate", "--bundle", bundle, "--input", text.toString(), "--output",
                dir.resolve("ref.txt").toString(), "--master", "local[2]", "--partitions", "1", "--batch-size", "16");
        assertEquals(0, ref.code(), ref.err());
        reference = Files.readAllLines(dir.resolve("ref.txt"), StandardCharsets.UTF_8);

        List<String> json = new ArrayList<>();
        List<String> csv = new ArrayList<>(List.of("id,text,tag"));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            json.add("{\"id\":" + i + ",\"text\":\"" + sentences.get(i) + "\",\"tag\":\"t" + i + "\"}");
            csv.add(i + ",\"" + sentences.get(i) + "\",t" + i);
            rows.add(RowFactory.create(i, sentences.get(i), "t" + i));
        }
        rows.add(RowFactory.create(sentences.size(), null, "null text"));
        Files.write(Files.createDirectories(dir.resolve("in.json")).resolve("part-0.json"), json, StandardCharsets.UTF_8);
        Files.write(dir.resolve("in.csv"), csv, StandardCharsets.UTF_8);
        Cli.withSpark(spark -> {
            spark.createDataFrame(rows, SCHEMA).coalesce(1).write().parquet(dir.resolve("in.parquet").toString());
            return null;
        });
    }

    @Test
    void parquetTableGetsATranslationColumnLikeTheTextJob() throws IOException {
        Path out = tmp.resolve("out.parquet");
        Cli.Run r = Cli.run("translate", "--bundle", bundle, "--format", "parquet", "--column", "text",
                "--input", tmp.resolve("in.parquet").toString(), "--output", out.toString(), "--master", "local[2]",
                "--batch-size", "16");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("translated " + (sentences.size() + 1) + " rows (text -> translation, parquet)"), r.out());
        List<Row> got = Cli.withSpark(spark -> {
            Dataset<Row> t = spark.read().parquet(out.toString());
            assertEquals(SCHEMA.add("translation", DataTypes.StringType).simpleString(), t.schema().simpleString());
            return t.collectAsList();
        });
        assertEquals(sentences.size() + 1, got.size());
        for (int i = 0; i < sentences.size(); i++) {
            assertEquals(RowFactory.create(i, sentences.get(i), "t" + i, reference.get(i)), got.get(i), "row " + i);
        }
        assertNull(got.get(sentences.size()).get(3), "null text, null translation");
        assertNoStaging();
    }

    @Test
    void jsonWithNBestArraysAndCsvWithHeader() throws IOException {
        Path json = tmp.resolve("out.json");
        Cli.Run r = Cli.run("translate", "--bundle", bundle, "--format", "json", "--column", "text", "--output-column",
                "en", "--beam", "3", "--nbest", "2", "--input", tmp.resolve("in.json").toString(), "--output",
                json.toString(), "--master", "local[2]");
        assertEquals(0, r.code(), r.err());
        List<Row> got = Cli.withSpark(spark -> spark.read().json(json.toString()).select("id", "text", "tag", "en").collectAsList());
        assertEquals(sentences.size(), got.size());
        for (int i = 0; i < sentences.size(); i++) {
            assertEquals((long) i, got.get(i).get(0));
            assertEquals(sentences.get(i).isEmpty() ? 0 : 2, got.get(i).getList(3).size(), "n-best of row " + i);
        }

        Path csv = tmp.resolve("out.csv");
        r = Cli.run("translate", "--bundle", bundle, "--format", "csv", "--column", "text", "--input",
                tmp.resolve("in.csv").toString(), "--output", csv.toString(), "--master", "local[2]", "--batch-size", "16");
        assertEquals(0, r.code(), r.err());
        List<Row> rows = Cli.withSpark(spark -> spark.read().option("header", true).csv(csv.toString()).collectAsList());
        assertEquals(sentences.size(), rows.size());
        for (int i = 0; i < sentences.size(); i++) { // CSV may read an empty field back as null: compare as ""
            Row row = rows.get(i);
            assertEquals(List.of(String.valueOf(i), sentences.get(i), "t" + i, reference.get(i)),
                    Stream.of(0, 1, 2, 3).map(c -> row.isNullAt(c) ? "" : row.getString(c)).toList(), "row " + i);
        }
        assertNoStaging();
    }

    @Test
    void badTableOptionsFailClearly() throws IOException {
        String in = tmp.resolve("in.csv").toString();
        String out = tmp.resolve("bad.csv").toString();
        assertFails("--format csv needs --column", "--format", "csv", "--input", in, "--output", out);
        assertFails("--column applies to table formats", "--column", "text", "--input", in, "--output", out);
        assertFails("Invalid value for option '--format': expected one of [TEXT, PARQUET, ORC, JSON, CSV] (case-insensitive) but was 'xml'", "--format", "xml", "--input", in, "--output", out);
        assertFails("which --format csv cannot hold", "--format", "csv", "--column", "text", "--beam", "2",
                "--nbest", "2", "--input", in, "--output", out);
        assertFails("--column body is not a column of the input; its columns: [id, text, tag]",
                "--format", "csv", "--column", "body", "--input", in, "--output", out);
        assertFails("--output-column tag is already a column", "--format", "csv", "--column", "text",
                "--output-column", "tag", "--input", in, "--output", out);
        assertFalse(Files.exists(Path.of(out)), "nothing published");
        Files.createDirectories(Path.of(out));
        assertFails("already exists; pass --overwrite", "--format", "csv", "--column", "text", "--input", in,
                "--output", out);
        assertNoStaging();
    }

    private void assertFails(String message, String... args) {
        List<String> a = new ArrayList<>(List.of("translate", "--bundle", bundle, "--master", "local[2]"));
        a.addAll(List.of(args));
        Cli.Run r = Cli.run(a.toArray(new String[0]));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
    }

    private void assertNoStaging() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().contains(".staging-")), "no staging directory left");
        }
    }
}
