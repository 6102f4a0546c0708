package org.sparknmt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sparknmt.bundle.Bundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training survives the usual cluster failures, on a real standalone cluster with HDFS ({@link RealCluster}):
 * an executor JVM killed while it runs a task (Spark replaces it and retries the task on another executor, as the
 * driver's event log shows; training completes), the driver killed mid-run and then resubmitted with
 * {@code --resume} (continues from the last checkpoint on HDFS, nothing recorded before it lost or repeated), and a
 * worker JVM killed while its executor runs a task (the executor exits by itself once its worker is gone, any task
 * it had not finished is retried; training completes on the other). Every kill is SIGKILL: no shutdown hook runs. The worker test runs last, as it leaves
 * one worker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private RealCluster cluster;
    private String prep;

    @BeforeAll
    void startAndPrep(@TempDir Path dir) throws Exception {
        cluster = RealCluster.start(dir, 2);
        cluster.writeCorpus("/nmt/corpus.tsv", 0, 1500);
        prep = cluster.hdfs("/nmt/prep");
        cluster.submit("prep", "prep", "--input", cluster.hdfs("/nmt/corpus.tsv"), "--output", prep,
                "--set", "subword.merges=300", "--set", "batch.size=32", "--set", "split.valid=0.05");
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void trainingCompletesWhenAnExecutorIsKilled() throws Exception {
        // The driver's REST API can still show a task as running for a moment after it ended (its status store lags
        // the events, more so on a loaded machine), so the kill may land between two tasks: then no task is lost
        // and the retry is not shown. Every attempt must train through the kill; one of at most 3 must lose a task.
        int lost = 0;
        for (int attempt = 1; attempt <= 3 && lost == 0; attempt++) {
            lost = trainThroughAKill("executor-kill-" + attempt, executor -> {
                assertEquals(2, cluster.executors().size(), "one executor per worker: " + cluster.executors());
                executor.destroyForcibly();
                return "executor pid " + executor.pid();
            });
        }
        assertTrue(lost > 0, "in 3 attempts the killed executor was never running a task when it died");
    }

    @Test
    @Order(2)
    void aKilledDriverResumesFromItsLastCheckpointOnHdfs() throws Exception {
        String run = cluster.hdfs("/nmt/runs/driver-kill");
        Process driver = cluster.startSubmit("driver-kill", train(run, 30));
        long checkpointed;
        try {
            checkpointed = awaitFirstCheckpoint(run, driver);
        } finally {
            driver.destroyForcibly(); // the spark-submit JVM is the driver (client mode)
            driver.waitFor(60, TimeUnit.SECONDS);
        }
        assertTrue(checkpointed < 30, "killed before the end (latest checkpoint at step " + checkpointed + ")");
        System.out.printf("driver killed with its latest checkpoint at step %d%n", checkpointed);
        assertEquals(checkpointed, cluster.bundle(checkpoint(run, checkpointed)).state().step(),
                "the checkpoint the killed driver left is complete");
        List<String> before = metricsUpTo(run, checkpointed);

        List<String> resume = new ArrayList<>(List.of(train(run, 30)));
        resume.add("--resume");
        RealCluster.Submission s = cluster.submitForExit("driver-resume", resume.toArray(new String[0]));
        assertEquals(0, s.code(), RealCluster.tail(s.err()));
        assertTrue(s.err().contains("resuming at epoch 1, step " + checkpointed), RealCluster.tail(s.err()));
        assertTrainedTo(run, 30);
        assertEquals(before, metricsUpTo(run, checkpointed), "what the killed driver recorded up to its checkpoint is kept");
        assertTrue(cluster.completedApps("FINISHED").contains("spark-nmt train"), cluster.master().toString());
    }

    @Test
    @Order(3)
    void trainingCompletesWhenAWorkerIsKilled() throws Exception {
        trainThroughAKill("worker-kill", executor -> {
            ProcessHandle worker = executor.parent().orElseThrow(() -> new AssertionError("executor without a parent"));
            assertTrue(RealCluster.commandLine(worker).contains("org.apache.spark.deploy.worker.Worker"),
                    "the executor's parent is its worker: " + RealCluster.commandLine(worker));
            worker.destroyForcibly();
            assertTrue(executor.onExit().completeOnTimeout(null, 2, TimeUnit.MINUTES).get() != null,
                    "the executor (pid " + executor.pid() + ") exits by itself once its worker is gone");
            cluster.awaitAliveWorkers(1, 120);
            return "worker pid " + worker.pid() + " (and so its executor pid " + executor.pid() + ")";
        });
    }

    /** What {@code kill} does to the cluster, given the JVM of an executor that is running a task; returns what it killed. */
    private interface Kill {
        String run(ProcessHandle busyExecutor) throws Exception;
    }

    /**
     * Trains 40 steps; after step 4, waits until an executor is running a task and runs {@code kill} on it. Asserts
     * that training completed, that the driver saw the executor go, and that every task the executor was running when
     * it went was retried successfully on another executor (from the driver's event log). Returns how many tasks
     * failed with it: none when the task it was seen running ended before the kill landed, or (a killed worker) before
     * its executor noticed that its worker was gone.
     */
    private int trainThroughAKill(String name, Kill kill) throws Exception {
        String run = cluster.hdfs("/nmt/runs/" + name);
        Process driver = cluster.startSubmit(name, train(run, 40));
        cluster.awaitTrainingStep(name, driver, 4);
        String busy = awaitBusyExecutor(name, driver);
        System.out.printf("%s: killed %s while executor %s was running a task%n", name,
                kill.run(cluster.executor(busy)), busy);

        RealCluster.Submission s = cluster.await(name, driver);
        assertEquals(0, s.code(), RealCluster.tail(s.err()));
        assertTrue(s.err().contains("Lost executor " + busy + " on "), "the driver saw its executor go: " + RealCluster.tail(s.err()));
        List<SparkEventLog.TaskEnd> ends = SparkEventLog.taskEnds(SparkEventLog.only(cluster.eventLogs(name)));
        List<SparkEventLog.TaskEnd> lost = SparkEventLog.lostWith(ends, busy);
        System.out.printf("%s: %d task(s) failed with executor %s%n", name, lost.size(), busy);
        for (SparkEventLog.TaskEnd t : lost) {
            SparkEventLog.TaskEnd retry = ends.stream().filter(e -> e.retries(t)).findFirst()
                    .orElseThrow(() -> new AssertionError("lost task " + t + " was never retried: " + ends));
            System.out.printf("%s: lost %s; retried as %s%n", name, t, retry);
        }
        assertTrainedTo(run, 40);
        return lost.size();
    }

    /** Waits up to 2 minutes for the driver's REST API to show an executor with an active task; returns its id. */
    private String awaitBusyExecutor(String name, Process driver) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            List<String> busy = DriverUi.busyExecutors(cluster.uiPort(name));
            if (!busy.isEmpty()) {
                return busy.get(0);
            }
            assertTrue(driver.isAlive(), () -> name + " ended before an executor was seen running a task");
            Thread.sleep(20);
        }
        throw new AssertionError(name + ": no executor was running a task for 2 minutes");
    }

    /** A tiny model, a progress line every 2 steps, a checkpoint every 10, no early stop or decay. */
    private String[] train(String run, int steps) {
        List<String> a = new ArrayList<>(List.of("train", "--prep", prep, "--run", run, "--set", "maxSteps=" + steps));
        for (String s : new String[]{"logEverySteps=2", "checkpoint.everySteps=10", "validation.maxSentences=20",
                "validation.patience=0", "validation.decayPatience=0", "model.embedding=16", "model.hidden=32",
                "model.attentionSize=32"}) {
            a.addAll(List.of("--set", s));
        }
        return a.toArray(new String[0]);
    }

    /**
     * The run ended at {@code steps} with a complete checkpoint, its metrics have every progress point once, and it
     * learned: each validation loss is below the one before (a resume that lost the parameters or the optimizer state
     * jumps back up) and the last is below a uniform guess over the target vocabulary (ln |V|) by at least 0.5
     * nats (seen: 5.66 / 5.17–5.21 / 4.75–4.82 at steps 10 / 20 / 30, 4.63–4.65 at 40). It asked a 0.3-nat drop from
     * the first validation to the last before, which failed with 5.17 → 4.88 when a killed driver had lost its
     * step-10 record.
     */
    private void assertTrainedTo(String run, long steps) throws Exception {
        assertEquals(String.format("step-%09d.bundle", steps), cluster.read(run + "/checkpoints/latest").trim());
        Bundle b = cluster.bundle(checkpoint(run, steps));
        assertEquals(steps, b.state().step());
        assertTrue(Double.isFinite(b.network().params().sumNumber().doubleValue()), "finite parameters");
        List<Long> trainSteps = new ArrayList<>();
        List<Map.Entry<Long, Double>> seen = new ArrayList<>(); // step = validation loss, in file order
        for (JsonNode m : metrics(run)) {
            if ("train".equals(m.get("type").asText())) {
                trainSteps.add(m.get("step").asLong());
            } else if ("valid".equals(m.get("type").asText())) {
                seen.add(Map.entry(m.get("step").asLong(), m.get("loss").asDouble()));
            }
        }
        System.out.printf("%s: validation loss by step %s%n", run, seen);
        List<Double> validLoss = seen.stream().map(Map.Entry::getValue).toList();
        assertEquals(LongStream.rangeClosed(1, steps / 2).map(i -> 2 * i).boxed().toList(), trainSteps,
                "every progress point once");
        assertFalse(validLoss.isEmpty());
        for (int i = 1; i < validLoss.size(); i++) {
            assertTrue(validLoss.get(i) < validLoss.get(i - 1), "each validation loss below the one before: " + seen);
        }
        double uniform = Math.log(b.targetVocab().size());
        assertTrue(validLoss.get(validLoss.size() - 1) < uniform - 0.5,
                "it learned: the last validation loss below a uniform guess (" + uniform + " nats) by 0.5: " + seen);
    }

    private long awaitFirstCheckpoint(String run, Process driver) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (cluster.exists(run + "/checkpoints/latest")) {
                return Long.parseLong(cluster.read(run + "/checkpoints/latest").replaceAll("\\D", ""));
            }
            assertTrue(driver.isAlive(), () -> "the driver died before its first checkpoint");
            Thread.sleep(50);
        }
        throw new AssertionError("no checkpoint within 5 minutes");
    }

    private static String checkpoint(String run, long step) {
        return run + String.format("/checkpoints/step-%09d.bundle", step);
    }

    private List<JsonNode> metrics(String run) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : cluster.read(run + "/metrics.jsonl").lines().toList()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private List<String> metricsUpTo(String run, long step) throws Exception {
        List<String> kept = new ArrayList<>();
        for (String line : cluster.read(run + "/metrics.jsonl").lines().toList()) {
            if (JSON.readTree(line).get("step").asLong() <= step) {
                kept.add(line);
            }
        }
        assertFalse(kept.isEmpty());
        return kept;
    }
}
