package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.TestServer;
import io.cairn.testkit.SseStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher connected while its server restarts: its stream ends, it reconnects to the new
 * process with its last revision, and gets exactly what changed meanwhile (or a reset), so its
 * view ends equal to the server's.
 */
class WatchRestartTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static Map<String, Object> instance(int port) {
        return Map.of("address", "10.0.0.1", "port", port);
    }

    @Test
    void aWatcherResumesAcrossAServerRestartWithoutMissingAnything() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Map<String, Integer> view = new HashMap<>();
        long revision;
        CompletableFuture<Void> ended;
        TestServer first = new TestServer(TestServer.config(dir, 2).withPorts(port, 0)).start();
        try {
            first.register("restarted", "a", instance(80));
            SseStream events = SseStream.open(first.uri("/v1/watch/services/restarted"));
            ended = events.ended();
            SseStream.Event state = events.next(EVENT_WAIT);
            assertThat(state.name()).isEqualTo("state");
            state.json().get("instances").forEach(i -> view.put(i.get("id").asText(), i.get("port").asInt()));
            revision = state.json().get("revision").asLong();
            first.register("restarted", "b", instance(81));
            SseStream.Event b = events.next(EVENT_WAIT);
            assertThat(b.name()).isEqualTo("registered");
            view.put("b", 81);
            revision = b.json().get("revision").asLong();
        } finally {
            first.close();
        }
        // the stream ends with its server (normally, or with the connection's error)
        ended.handle((ok, error) -> null).get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);

        try (TestServer second = new TestServer(TestServer.config(dir, 2).withPorts(port, 0)).start()) {
            // Changes while the watcher is away, then it comes back with its last revision.
            second.register("restarted", "a", instance(90));
            second.delete("/v1/services/restarted/instances/b");
            SseStream resumed = SseStream.open(second.uri("/v1/watch/services/restarted"), Long.toString(revision));
            long target = second.get("/v1/services/restarted").index();
            while (revision < target) {
                SseStream.Event e = resumed.next(EVENT_WAIT);
                switch (e.name()) {
                    case "state" -> {
                        view.clear();
                        e.json().get("instances").forEach(i -> view.put(i.get("id").asText(), i.get("port").asInt()));
                    }
                    case "registered", "updated" -> {
                        assertThat(e.json().get("previous").asLong()).isEqualTo(revision);
                        view.put(e.json().get("instance").get("id").asText(),
                                e.json().get("instance").get("port").asInt());
                    }
                    case "deregistered" -> {
                        assertThat(e.json().get("previous").asLong()).isEqualTo(revision);
                        view.remove(e.json().get("instance").get("id").asText());
                    }
                    default -> throw new AssertionError("unexpected " + e);
                }
                revision = e.json().get("revision").asLong();
            }
            resumed.close();
            assertThat(revision).isEqualTo(target);
            assertThat(view).containsExactly(Map.entry("a", 90));
        }
    }
}
