package org.sparknmt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A running driver's REST API ({@code /api/v1} on its UI port): which executors are running a task right now, and
 * whether a stage is part done.
 */
final class DriverUi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DriverUi() {
    }

    /** Ids of the executors with at least one active task; empty while the UI or the application is not up yet. */
    static List<String> busyExecutors(int port) {
        List<String> busy = new ArrayList<>();
        try {
            JsonNode apps = get(port, "/api/v1/applications");
            if (apps.isEmpty()) {
                return busy;
            }
            for (JsonNode e : get(port, "/api/v1/applications/" + apps.get(0).get("id").asText() + "/executors")) {
                if (!"driver".equals(e.get("id").asText()) && e.path("activeTasks").asInt() > 0) {
                    busy.add(e.get("id").asText());
                }
            }
        } catch (IOException e) {
            // not listening yet
        }
        return busy;
    }

    /** Whether a stage of the application has finished some of its tasks and is running others right now. */
    static boolean stagePartDone(int port) {
        try {
            JsonNode apps = get(port, "/api/v1/applications");
            if (apps.isEmpty()) {
                return false;
            }
            for (JsonNode s : get(port, "/api/v1/applications/" + apps.get(0).get("id").asText() + "/stages?status=active")) {
                if (s.path("numCompleteTasks").asInt() > 0 && s.path("numActiveTasks").asInt() > 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            // not listening yet
        }
        return false;
    }

    private static JsonNode get(int port, String path) throws IOException {
        try (InputStream in = URI.create("http://127.0.0.1:" + port + path).toURL().openStream()) {
            return JSON.readTree(in);
        }
    }
}
