package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher connected while its server restarts: its stream ends, it reconnects to the new
 * process with its last revision, and gets exactly what changed meanwhile (or a reset), so its
 * view ends equal to the server's.
 */
class WatchRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonNode END = JSON.createObjectNode();

    @TempDir
    Path dir;

    private record Event(String name, JsonNode data) {
    }

    /** Opens a stream; events (and END when the stream ends) go to the queue. */
    private static void open(TestServer server, String lastEventId, BlockingQueue<Event> events) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/v1/watch/services/restarted"));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines()).whenComplete((r, e) -> {
            if (e != null) {
                events.add(new Event("end", END));
                return;
            }
            String[] name = new String[1];
            try {
                r.body().forEach(line -> {
                    if (line.startsWith("event: ")) {
                        name[0] = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        try {
                            events.add(new Event(name[0], JSON.readTree(line.substring(6))));
                        } catch (IOException x) {
                            throw new IllegalStateException(x);
                        }
                    }
                });
            } catch (RuntimeException closed) {
                // the server went away mid-stream: that is the end of this stream
            }
            events.add(new Event("end", END));
        });
    }

    private static Event next(BlockingQueue<Event> events) throws InterruptedException {
        Event e = events.poll(30, TimeUnit.SECONDS);
        assertThat(e).as("an event within 30 s").isNotNull();
        return e;
    }

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
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        TestServer first = new TestServer(TestServer.config(dir, 2).withPorts(port, 0)).start();
        try {
            first.register("restarted", "a", instance(80));
            open(first, null, events);
            Event state = next(events);
            assertThat(state.name()).isEqualTo("state");
            state.data().get("instances").forEach(i -> view.put(i.get("id").asText(), i.get("port").asInt()));
            revision = state.data().get("revision").asLong();
            first.register("restarted", "b", instance(81));
            Event b = next(events);
            assertThat(b.name()).isEqualTo("registered");
            view.put("b", 81);
            revision = b.data().get("revision").asLong();
        } finally {
            first.close();
        }
        assertThat(next(events).name()).as("the stream ends with its server").isEqualTo("end");

        try (TestServer second = new TestServer(TestServer.config(dir, 2).withPorts(port, 0)).start()) {
            // Changes while the watcher is away, then it comes back with its last revision.
            second.register("restarted", "a", instance(90));
            second.delete("/v1/services/restarted/instances/b");
            open(second, Long.toString(revision), events);
            long target = second.get("/v1/services/restarted").index();
            while (revision < target) {
                Event e = next(events);
                switch (e.name()) {
                    case "state" -> {
                        view.clear();
                        e.data().get("instances").forEach(i -> view.put(i.get("id").asText(), i.get("port").asInt()));
                    }
                    case "registered", "updated" -> {
                        assertThat(e.data().get("previous").asLong()).isEqualTo(revision);
                        view.put(e.data().get("instance").get("id").asText(),
                                e.data().get("instance").get("port").asInt());
                    }
                    case "deregistered" -> {
                        assertThat(e.data().get("previous").asLong()).isEqualTo(revision);
                        view.remove(e.data().get("instance").get("id").asText());
                    }
                    default -> throw new AssertionError("unexpected " + e);
                }
                revision = e.data().get("revision").asLong();
            }
            assertThat(revision).isEqualTo(target);
            assertThat(view).containsExactly(Map.entry("a", 90));
        }
    }
}
