package org.sparknmt.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparknmt.bundle.Bundle;
import org.sparknmt.bundle.BundleIO;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training faults with real parts: the driver JVM killed with SIGKILL mid-run and then resumed must end with the
 * parameters and updater state of an uninterrupted run, bit for bit; a checkpoint directory that cannot be written
 * fails with a clear error and leaves the previous checkpoint readable and pointed to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainFaultTest {
    /** 30 steps, no early stop (at the 2-worker rate the tiny model's BLEU on 20 sentences can sit at 0). */
    private static final String[] RUN = {"--set", "maxSteps=30", "--set", "logEverySteps=3",
            "--set", "validation.patience=0"};
    private Path tmp;
    private Path prep;

    @BeforeAll
    void prepSmallCorpus(@TempDir Path dir) throws IOException {
        tmp = dir;
        prep = Cli.prepSmallCorpus(dir);
    }

    @Test
    void aKilledDriverResumesToTheParametersOfAnUninterruptedRun() throws Exception {
        Path straight = tmp.resolve("straight");
        Cli.Run s = Cli.run(Cli.train(prep, straight, RUN));
        assertEquals(0, s.code(), s.err());

        Path killed = tmp.resolve("killed");
        Process driver = Cli.startDriver(Cli.train(prep, killed, RUN), tmp.resolve("killed-driver.log"));
        long stepAtKill;
        try {
            stepAtKill = waitForFirstCheckpoint(killed, driver);
        } finally {
            driver.destroyForcibly(); // SIGKILL: no shutdown hooks, no chance to finish a write
            driver.waitFor(60, TimeUnit.SECONDS);
        }
        assertTrue(stepAtKill < 30, "killed before the end (latest checkpoint at step " + stepAtKill + ")");
        System.out.printf("driver killed with its latest checkpoint at step %d%n", stepAtKill);
        List<String> beforeKill = metricsUpTo(killed, stepAtKill);

        Cli.Run resumed = Cli.run(Cli.train(prep, killed, concat(RUN, "--resume")));
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals("step-000000030.bundle", Cli.pointer(killed, "latest"));

        Bundle a = read(straight.resolve("checkpoints/step-000000030.bundle"));
        Bundle b = read(killed.resolve("checkpoints/step-000000030.bundle"));
        assertEquals(a.state(), b.state());
        INDArray pa = a.network().params();
        INDArray pb = b.network().params();
        assertEquals(pa.length(), pb.length());
        double maxDiff = pa.sub(pb).amaxNumber().doubleValue();
        double maxAdamDiff = a.network().getUpdater().getStateViewArray()
                .sub(b.network().getUpdater().getStateViewArray()).amaxNumber().doubleValue();
        // Exact: local[2] averages two workers, and a sum of two floats is the same in either order, so a resume
        // from the right place replays the same arithmetic. A resume from the wrong place moves parameters by > 1e-3.
        System.out.printf("kill + resume vs uninterrupted: max |param diff| %.3g, max |Adam state diff| %.3g%n",
                maxDiff, maxAdamDiff);
        assertArrayEquals(pa.toDoubleVector(), pb.toDoubleVector(),
                "parameters after kill + resume are bit-identical to the uninterrupted run's (max diff " + maxDiff + ")");
        assertArrayEquals(a.network().getUpdater().getStateViewArray().toDoubleVector(),
                b.network().getUpdater().getStateViewArray().toDoubleVector(), "Adam state too (max diff " + maxAdamDiff + ")");
        assertEquals(trainSteps(straight), trainSteps(killed), "the metrics curve has every point once");
        assertEquals(beforeKill, metricsUpTo(killed, stepAtKill),
                "the resumed run continued from the checkpoint: what the killed driver recorded up to it is kept as is");
    }

    @Test
    void anUnwritableCheckpointDirectoryFailsClearlyAndKeepsThePreviousCheckpoint() throws Exception {
        Path run = tmp.resolve("readonly");
        Cli.Run first = Cli.run(Cli.train(prep, run, "--set", "maxSteps=6"));
        assertEquals(0, first.code(), first.err());
        Path checkpoints = run.resolve("checkpoints");
        byte[] before = Files.readAllBytes(checkpoints.resolve("step-000000006.bundle"));

        ReadOnly.set(checkpoints, true);
        Cli.Run failed;
        try {
            failed = Cli.run(Cli.train(prep, run, "--resume", "--set", "maxSteps=12"));
        } finally {
            ReadOnly.set(checkpoints, false);
        }
        assertEquals(2, failed.code(), failed.err());
        assertTrue(failed.err().contains("cannot write checkpoint") && failed.err().contains("step-000000012.bundle")
                && failed.err().contains("previous checkpoint"), failed.err());
        assertEquals("step-000000006.bundle", Cli.pointer(run, "latest"));
        assertEquals(List.of("6", "12"), validSteps(run),
                "the validation of step 12 is recorded before its checkpoint is written: a driver that dies while"
                        + " writing it, or is killed right after, resumes from a checkpoint whose record it has");
        assertTrue(Arrays.equals(before, Files.readAllBytes(checkpoints.resolve("step-000000006.bundle"))));
        read(checkpoints.resolve("step-000000006.bundle")); // still a valid bundle
        try (Stream<Path> files = Files.list(checkpoints)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }

        Cli.Run again = Cli.run(Cli.train(prep, run, "--resume", "--set", "maxSteps=12"));
        assertEquals(0, again.code(), again.err());
        assertEquals("step-000000012.bundle", Cli.pointer(run, "latest"), "writable again: the run continues");
        assertEquals(List.of("6", "12"), validSteps(run), "one validation record per checkpoint, the failed one's dropped");
    }

    private static List<String> validSteps(Path run) throws IOException {
        return steps(run, "valid");
    }

    /** Waits until the run's {@code latest} pointer names a checkpoint; returns its step. */
    private static long waitForFirstCheckpoint(Path run, Process driver) throws Exception {
        Path latest = run.resolve("checkpoints/latest");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Files.exists(latest)) {
                String name = Files.readString(latest, StandardCharsets.UTF_8).trim();
                return Long.parseLong(name.replaceAll("\\D", ""));
            }
            assertTrue(driver.isAlive(), "the driver died before its first checkpoint");
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint within 5 minutes");
    }

    private static Bundle read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return BundleIO.read(in, file.toString());
        }
    }

    private static List<String> trainSteps(Path run) throws IOException {
        List<String> steps = steps(run, "train");
        assertNotEquals(0, steps.size());
        return steps;
    }

    /** The steps of the run's metrics records of {@code type} ("train" or "valid"), in file order. */
    private static List<String> steps(Path run, String type) throws IOException {
        List<String> steps = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8)) {
            if (line.contains("\"type\":\"" + type + "\"")) {
                steps.add(line.replaceAll(".*\"step\":(\\d+).*", "$1"));
            }
        }
        return steps;
    }

    private static List<String> metricsUpTo(Path run, long step) throws IOException {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8)) {
            if (Long.parseLong(line.replaceAll(".*\"step\":(\\d+).*", "$1")) <= step) {
                kept.add(line);
            }
        }
        assertFalse(kept.isEmpty());
        return kept;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
