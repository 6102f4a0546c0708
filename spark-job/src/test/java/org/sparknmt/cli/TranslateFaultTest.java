package org.sparknmt.cli;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An executor JVM killed (SIGKILL) while the translation job runs on a real {@code local-cluster}: two workers and
 * their executors are separate processes. Spark relaunches the executor and reruns what was lost; the output must
 * still have every line once, equal to an uninterrupted run's; a table's output every row once, equal to an
 * uninterrupted run's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranslateFaultTest {
    private static final Pattern PROGRESS = Pattern.compile("translate: ([\\d,]+)/([\\d,]+) lines");
    private static final String[] JOB = {"--partitions", "24", "--beam", "4", "--progress-seconds", "1"};
    /** The input table: {@code id} (every row once), {@code text} (null in every 97th row) and {@code tag}. */
    private static final StructType TABLE = new StructType().add("id", DataTypes.LongType)
            .add("text", DataTypes.StringType).add("tag", DataTypes.StringType);
    private Path tmp;
    private Path bundle;
    private Path input;
    private List<String> lines;

    @BeforeAll
    void trainAndWriteInput(@TempDir Path dir) throws IOException {
        tmp = dir;
        bundle = Cli.tinyBundle(dir);
        List<String> src = Cli.heldOutSources(dir);
        lines = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            lines.add(i % 2 == 0 ? src.get(i % src.size()) : src.get(i % src.size()) + " " + src.get((i * 7) % src.size()));
        }
        input = Files.write(dir.resolve("input.txt"), lines, StandardCharsets.UTF_8);
    }

    @Test
    void aKilledExecutorLosesAndDuplicatesNoLine() throws Exception {
        Path straight = tmp.resolve("straight.txt");
        Cli.Run s = Cli.run(concat(args(straight), "--master", "local[2]"));
        assertEquals(0, s.code(), s.err());

        Path killed = tmp.resolve("killed.txt");
        LocalClusterDriver.Finished k = LocalClusterDriver.runKillingAnExecutor(tmp,
                concat(args(killed), "--master", "local-cluster[2,1,1024]"), tmp.resolve("killed-driver.log"),
                TranslateFaultTest::midJob);
        String out = k.log();
        long killedPid = k.killedPid();
        assertEquals(0, k.code(), out);
        assertTrue(k.sawExecutorLost(), "Spark saw the executor (pid " + killedPid + ") go: " + out);
        Matcher loads = Pattern.compile("bundle loads on executors (\\d+)").matcher(out);
        assertTrue(loads.find(), out);
        int n = Integer.parseInt(loads.group(1));
        assertTrue(n >= 1 && n <= 3, "the bundle is read once per executor JVM (2, plus the relaunched one), not per"
                + " task (24): " + n);
        List<String> expected = Files.readAllLines(straight, StandardCharsets.UTF_8);
        List<String> got = Files.readAllLines(killed, StandardCharsets.UTF_8);
        assertEquals(6000, expected.size());
        assertEquals(expected.size(), got.size(), "no line lost or duplicated");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), got.get(i), "line " + (i + 1));
        }
        System.out.printf("executor pid %d killed mid-job: %d lines, identical to the uninterrupted run%n",
                killedPid, got.size());
    }

    /**
     * The same for {@code --format parquet}: a table of 24 files read as 24 partitions (tasks); the executor is
     * killed while it runs a task of the translating stage, after some of that stage's tasks have finished. The
     * output has every input row once (by {@code id}), its other columns as they were, null text translated to
     * null, and the uninterrupted run's translations.
     */
    @Test
    void aKilledExecutorLosesAndDuplicatesNoTableRow() throws Exception {
        Path table = tmp.resolve("input.parquet");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            rows.add(RowFactory.create((long) i, i % 97 == 5 ? null : lines.get(i), "t" + i));
        }
        Cli.withSpark(spark -> {
            spark.createDataFrame(rows, TABLE).repartitionByRange(24, functions.col("id")).write()
                    .parquet(table.toString());
            return null;
        });
        // one partition per file, as on a cluster with more files than cores (Spark would pack these small files
        // into as many partitions as there are cores)
        String partitions = "spark.sql.files.minPartitionNum=24";
        Path straight = tmp.resolve("straight.parquet");
        LocalClusterDriver.Finished s = LocalClusterDriver.run(tmp, tableArgs(table, straight, "local[2]"),
                tmp.resolve("straight-table.log"), partitions, "spark.ui.enabled=false");
        assertEquals(0, s.code(), s.log());

        Path killed = tmp.resolve("killed.parquet");
        int ui = RealCluster.freePort();
        LocalClusterDriver.Finished k = LocalClusterDriver.runKillingAnExecutor(tmp,
                tableArgs(table, killed, "local-cluster[2,1,1024]"), tmp.resolve("killed-table.log"),
                log -> !Files.exists(killed) && DriverUi.stagePartDone(ui)
                        ? DriverUi.busyExecutors(ui).stream().findFirst() : Optional.empty(),
                partitions, "spark.ui.port=" + ui);
        assertEquals(0, k.code(), k.log());
        assertTrue(k.sawExecutorLost(), "Spark saw the executor (pid " + k.killedPid() + ") go: " + k.log());
        assertTrue(k.log().contains("translated 6,000 rows (text -> translation, parquet)"), k.log());

        Map<Long, Row> expected = byId(straight);
        Map<Long, Row> got = byId(killed);
        assertEquals(LongStream.range(0, rows.size()).boxed().toList(), got.keySet().stream().sorted().toList(),
                "every input id exactly once");
        int nulls = 0;
        for (Row in : rows) {
            Row out = got.get(in.getLong(0));
            assertEquals(in, RowFactory.create(out.get(0), out.get(1), out.get(2)), "columns kept");
            assertEquals(expected.get(in.getLong(0)).get(3), out.get(3), "the uninterrupted run's translation of " + in);
            if (in.isNullAt(1)) {
                assertTrue(out.isNullAt(3), "null text, null translation: " + out);
                nulls++;
            } else {
                assertFalse(out.isNullAt(3), "a translation for " + in);
            }
        }
        System.out.printf("executor pid %d killed mid-stage: %d rows (%d null), identical to the uninterrupted run%n",
                k.killedPid(), got.size(), nulls);
    }

    /** The rows of a table, by id; fails on a duplicate id. */
    private static Map<Long, Row> byId(Path table) {
        Map<Long, Row> rows = new HashMap<>();
        for (Row r : Cli.withSpark(spark -> spark.read().parquet(table.toString()).collectAsList())) {
            assertNull(rows.put(r.getLong(0), r), () -> "id " + r.getLong(0) + " twice in " + table);
        }
        return rows;
    }

    private String[] tableArgs(Path table, Path output, String master) {
        return new String[]{"translate", "--bundle", bundle.toString(), "--format", "parquet", "--column", "text",
                "--input", table.toString(), "--output", output.toString(), "--beam", "4", "--master", master};
    }

    private String[] args(Path output) {
        return concat(new String[]{"translate", "--bundle", bundle.toString(), "--input", input.toString(),
                "--output", output.toString()}, JOB);
    }

    /** Any executor, once the driver's progress shows some but not all lines done. */
    private static Optional<String> midJob(String log) {
        Matcher m = PROGRESS.matcher(log);
        long done = -1;
        long total = 0;
        while (m.find()) {
            done = Long.parseLong(m.group(1).replace(",", ""));
            total = Long.parseLong(m.group(2).replace(",", ""));
        }
        return done > 0 && done < total ? Optional.of("") : Optional.empty();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
