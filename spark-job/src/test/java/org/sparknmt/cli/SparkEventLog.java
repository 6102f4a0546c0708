package org.sparknmt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The task ends a Spark driver wrote to its event log ({@code spark.eventLog.enabled}): one JSON object per line,
 * {@code SparkListenerTaskEnd} events carry the stage, the task's index in it, its attempt, its executor and why it
 * ended. A lost task that was retried shows as a failed end and a later successful end of the same stage and index.
 */
final class SparkEventLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One task attempt's end: {@code reason} is Spark's class name for it ({@code Success}, {@code ExecutorLostFailure}, ...). */
    record TaskEnd(int stage, int index, long taskId, int attempt, String executor, String reason) {
        boolean succeeded() {
            return "Success".equals(reason);
        }

        /** A later, successful attempt of the same task (same stage and index) on another executor. */
        boolean retries(TaskEnd lost) {
            return succeeded() && stage == lost.stage && index == lost.index && taskId > lost.taskId
                    && !executor.equals(lost.executor);
        }

        @Override
        public String toString() {
            return "stage " + stage + " task " + index + "." + attempt + " (TID " + taskId + ", executor " + executor
                    + "): " + reason;
        }
    }

    private SparkEventLog() {
    }

    /** The one event log in {@code dir} (a finished application's; an unfinished one ends in {@code .inprogress}). */
    static Path only(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> logs = files.toList();
            if (logs.size() != 1) {
                throw new AssertionError("expected one event log in " + dir + ", found " + logs);
            }
            return logs.get(0);
        }
    }

    /** Every task end in {@code log}, in the order the driver saw them. */
    static List<TaskEnd> taskEnds(Path log) throws IOException {
        List<TaskEnd> ends = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            JsonNode e = JSON.readTree(line);
            if (!"SparkListenerTaskEnd".equals(e.path("Event").asText())) {
                continue;
            }
            JsonNode info = e.get("Task Info");
            ends.add(new TaskEnd(e.get("Stage ID").asInt(), info.get("Index").asInt(), info.get("Task ID").asLong(),
                    info.get("Attempt").asInt(), info.get("Executor ID").asText(),
                    e.get("Task End Reason").get("Reason").asText()));
        }
        return ends;
    }

    /** The tasks that ended with {@code executor}'s loss. */
    static List<TaskEnd> lostWith(List<TaskEnd> ends, String executor) {
        return ends.stream().filter(t -> "ExecutorLostFailure".equals(t.reason()) && executor.equals(t.executor())).toList();
    }
}
