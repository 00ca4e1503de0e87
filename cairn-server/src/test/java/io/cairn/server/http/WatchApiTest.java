package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import io.cairn.server.watch.WatchSettings;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocking reads and event streams against a real node with ONE partition, so that "another
 * service" is always in the same partition as the watched one, and a history of 8 changes.
 */
class WatchApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        WatchSettings d = WatchSettings.defaults();
        server = new TestServer(TestServer.config(dir, 1).withWatch(new WatchSettings(8, d.defaultWait(), d.maxWait(),
                d.heartbeat(), d.streamBufferBytes(), d.maxServicesPerStream(), d.maxCoalesce()))).start();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static Map<String, Object> instance(int port) {
        return Map.of("address", "10.0.0.1", "port", port);
    }

    private static CompletableFuture<HttpResponse<String>> getAsync(String pathAndQuery) {
        return HTTP.sendAsync(HttpRequest.newBuilder(server.uri(pathAndQuery)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long index(HttpResponse<?> r) {
        return Long.parseLong(r.headers().firstValue("X-Cairn-Index").orElseThrow());
    }

    @Test
    void aBlockingReadSleepsThroughNoOpsAndOtherServicesOfItsPartition() throws Exception {
        long revision = server.register("quiet", "q1", instance(80)).index();
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> held = getAsync("/v1/services/quiet?index=" + revision + "&wait=1500ms");
        server.register("quiet", "q1", instance(80)); // identical: no change
        server.register("noisy", "n1", instance(80)); // same partition, other service
        server.register("noisy", "n2", instance(81));
        HttpResponse<String> answer = held.get(10, TimeUnit.SECONDS);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(index(answer)).as("nothing of 'quiet' changed").isEqualTo(revision);
        assertThat(elapsedMs).as("it waited out its wait").isGreaterThanOrEqualTo(1500);
    }

    @Test
    void aBlockingReadWakesOnARealChange() throws Exception {
        long revision = server.register("woken", "w1", instance(80)).index();
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> held = getAsync("/v1/services/woken?index=" + revision + "&wait=60s");
        server.register("woken", "w1", instance(81));
        HttpResponse<String> answer = held.get(10, TimeUnit.SECONDS);
        assertThat(index(answer)).isGreaterThan(revision);
        assertThat(JSON.readTree(answer.body()).get("instances").get(0).get("port").asInt()).isEqualTo(81);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void anIndexFromTheFutureAnswersAtOnceWithTheCurrentOne() throws Exception {
        long revision = server.register("ahead", "a1", instance(80)).index();
        HttpResponse<String> answer = getAsync("/v1/services/ahead?index=" + (revision + 1000) + "&wait=60s")
                .get(10, TimeUnit.SECONDS);
        assertThat(index(answer)).isEqualTo(revision);
    }

    @Test
    void theServiceListBlocksUntilItsNamespaceChanges() throws Exception {
        HttpAnswer list = server.get("/v1/services?ns=listwatch");
        CompletableFuture<HttpResponse<String>> held = getAsync("/v1/services?ns=listwatch&index=" + list.index()
                + "&wait=60s");
        server.register("elsewhere", "e1", instance(80)); // another namespace
        assertThat(held).isNotDone();
        server.put("/v1/services/svc/instances/x?ns=listwatch", TestServer.json(instance(80)));
        HttpResponse<String> answer = held.get(10, TimeUnit.SECONDS);
        assertThat(index(answer)).isGreaterThan(list.index());
        assertThat(answer.body()).contains("\"svc\"");
    }

    @Test
    void badWatchParametersAreRefusedNamingTheField() {
        for (String[] c : new String[][] {{"/v1/services/x?index=-1", "index"}, {"/v1/services/x?index=abc", "index"},
                {"/v1/services/x?index=1&wait=11m", "wait"}, {"/v1/services/x?index=1&wait=soon", "wait"},
                {"/v1/watch/services/x?since=minus", "since"}, {"/v1/watch/services/x?coalesce=5s", "coalesce"},
                {"/v1/watch?since=nocolon", "since"}}) {
            HttpAnswer a = server.get(c[0]);
            assertThat(a.status()).as(c[0]).isEqualTo(400);
            assertThat(a.json().get("field").asText()).as(c[0]).isEqualTo(c[1]);
        }
    }

    /** One SSE event as a test sees it. */
    private record Event(String name, String id, JsonNode data) {
    }

    /** Reads a stream on HttpClient's threads into a queue; closing the body cancels it. */
    private static final class EventReader implements AutoCloseable {
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response;

        EventReader(String pathAndQuery, String lastEventId) {
            HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(pathAndQuery));
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            response = HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines());
            response.thenAcceptAsync(r -> parse(r.body()));
        }

        private void parse(java.util.stream.Stream<String> lines) {
            String[] current = new String[3];
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (current[0] != null) {
                        try {
                            events.add(new Event(current[0], current[1], JSON.readTree(current[2])));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    current[0] = current[1] = current[2] = null;
                } else if (line.startsWith("event: ")) {
                    current[0] = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    current[1] = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    current[2] = line.substring(6);
                }
            });
        }

        Event next() throws InterruptedException {
            Event e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
            return e;
        }

        List<Event> next(int n) throws InterruptedException {
            List<Event> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(next());
            }
            return out;
        }

        @Override
        public void close() {
            response.thenAccept(r -> r.body().close());
        }
    }

    @Test
    void aStreamSendsTheStateThenEveryChangeInOrderAndNothingForNoOps() throws Exception {
        long start = server.register("streamed", "s1", instance(80)).index();
        try (EventReader s = new EventReader("/v1/watch/services/streamed", null)) {
            Event state = s.next();
            assertThat(state.name()).isEqualTo("state");
            assertThat(state.data().get("revision").asLong()).isEqualTo(start);
            assertThat(state.data().get("instances")).hasSize(1);

            server.register("streamed", "s1", instance(80)); // no-op
            server.register("other", "o1", instance(80)); // other service, same partition
            server.register("streamed", "s2", instance(80));
            server.register("streamed", "s1", instance(90));
            server.delete("/v1/services/streamed/instances/s2");

            List<Event> changes = s.next(3);
            assertThat(changes).extracting(Event::name).containsExactly("registered", "updated", "deregistered");
            long previous = start;
            for (Event e : changes) {
                assertThat(e.data().get("previous").asLong()).as("chain").isEqualTo(previous);
                assertThat(e.id()).isEqualTo(e.data().get("revision").asText());
                previous = e.data().get("revision").asLong();
            }
            assertThat(changes.get(1).data().get("instance").get("port").asInt()).isEqualTo(90);
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyWhatItMissedOrAReset() throws Exception {
        long start = server.register("resumed", "r1", instance(80)).index();
        server.register("resumed", "r1", instance(81));
        server.register("resumed", "r2", instance(80));
        long last = server.get("/v1/services/resumed").index();

        try (EventReader s = new EventReader("/v1/watch/services/resumed", Long.toString(start))) {
            List<Event> missed = s.next(2);
            assertThat(missed).extracting(Event::name).containsExactly("updated", "registered");
            assertThat(missed.get(1).data().get("revision").asLong()).isEqualTo(last);
        }
        try (EventReader s = new EventReader("/v1/watch/services/resumed", Long.toString(last))) {
            server.register("resumed", "r3", instance(80));
            Event next = s.next();
            assertThat(next.name()).as("nothing missed, so the next event is the new change").isEqualTo("registered");
            assertThat(next.data().get("previous").asLong()).isEqualTo(last);
        }
        // More changes than the history (8) holds: resuming from the start is a reset, not a gap.
        for (int i = 0; i < 10; i++) {
            server.register("resumed", "r1", instance(1000 + i));
        }
        try (EventReader s = new EventReader("/v1/watch/services/resumed", Long.toString(start))) {
            Event reset = s.next();
            assertThat(reset.name()).isEqualTo("state");
            assertThat(reset.data().get("reset").asBoolean()).isTrue();
            assertThat(reset.data().get("revision").asLong()).isEqualTo(server.get("/v1/services/resumed").index());
            assertThat(reset.data().get("instances")).hasSize(3);
        }
    }

    @Test
    void oneStreamCarriesAThousandNamedServicesAndNoMore() throws Exception {
        StringBuilder query = new StringBuilder("/v1/watch?ns=many");
        for (int i = 0; i < 1000; i++) {
            query.append("&service=a-rather-long-service-name-").append(i);
        }
        assertThat(query.length()).isGreaterThan(30_000); // far past HTTP servers' usual 4 KiB request line
        try (EventReader s = new EventReader(query.toString(), null)) {
            List<Event> states = s.next(1000);
            assertThat(states).extracting(Event::name).containsOnly("state");
            assertThat(states).extracting(e -> e.data().get("service").asText()).doesNotHaveDuplicates();
            assertThat(s.next().name()).isEqualTo("synced");
        }
        HttpAnswer tooMany = server.get(query + "&service=one-too-many");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("field").asText()).isEqualTo("service");
    }

    @Test
    void aNamespaceStreamCarriesEveryServiceWithServiceQualifiedIds() throws Exception {
        server.put("/v1/services/a/instances/1?ns=wide", TestServer.json(instance(80)));
        try (EventReader s = new EventReader("/v1/watch?ns=wide", null)) {
            Event first = s.next();
            assertThat(first.name()).isEqualTo("state");
            assertThat(first.id()).startsWith("a:");
            assertThat(s.next().name()).isEqualTo("synced");
            server.put("/v1/services/b/instances/1?ns=wide", TestServer.json(instance(80)));
            Event created = s.next();
            assertThat(created.name()).isEqualTo("registered");
            assertThat(created.id()).startsWith("b:");
        }
    }

    @Test
    void coalescingMergesABurstIntoOneEventPerInstance() throws Exception {
        long start = server.register("merged", "m0", instance(80)).index();
        try (EventReader s = new EventReader("/v1/watch/services/merged?coalesce=500ms", null)) {
            assertThat(s.next().name()).isEqualTo("state");
            server.register("merged", "m1", instance(80));
            server.register("merged", "m1", instance(81));
            server.register("merged", "m1", instance(82));
            server.delete("/v1/services/merged/instances/m0");
            List<Event> burst = s.next(2);
            Event m1 = burst.stream().filter(e -> e.data().get("instance").get("id").asText().equals("m1")).findFirst()
                    .orElseThrow();
            Event m0 = burst.stream().filter(e -> e.data().get("instance").get("id").asText().equals("m0")).findFirst()
                    .orElseThrow();
            assertThat(m1.name()).as("new in the window, so still 'registered'").isEqualTo("registered");
            assertThat(m1.data().get("instance").get("port").asInt()).as("with its final content").isEqualTo(82);
            assertThat(m0.name()).isEqualTo("deregistered");
            assertThat(burst.get(0).data().get("previous").asLong()).isEqualTo(start);
            assertThat(burst.get(1).data().get("previous").asLong())
                    .isEqualTo(burst.get(0).data().get("revision").asLong());
            assertThat(burst.get(1).data().get("revision").asLong()).isEqualTo(server.get("/v1/services/merged").index());
        }
    }
}
