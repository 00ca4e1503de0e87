package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import io.cairn.server.watch.WatchSettings;
import io.cairn.testkit.SseStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

    private static final Duration EVENT_WAIT = Duration.ofSeconds(10);

    private static SseStream stream(String pathAndQuery, String lastEventId) {
        return SseStream.open(server.uri(pathAndQuery), lastEventId);
    }

    @Test
    void aStreamSendsTheStateThenEveryChangeInOrderAndNothingForNoOps() throws Exception {
        long start = server.register("streamed", "s1", instance(80)).index();
        try (SseStream s = stream("/v1/watch/services/streamed", null)) {
            SseStream.Event state = s.next(EVENT_WAIT);
            assertThat(state.name()).isEqualTo("state");
            assertThat(state.json().get("revision").asLong()).isEqualTo(start);
            assertThat(state.json().get("instances")).hasSize(1);

            server.register("streamed", "s1", instance(80)); // no-op
            server.register("other", "o1", instance(80)); // other service, same partition
            server.register("streamed", "s2", instance(80));
            server.register("streamed", "s1", instance(90));
            server.delete("/v1/services/streamed/instances/s2");

            List<SseStream.Event> changes = s.next(3, EVENT_WAIT);
            assertThat(changes).extracting(SseStream.Event::name).containsExactly("registered", "updated", "deregistered");
            long previous = start;
            for (SseStream.Event e : changes) {
                assertThat(e.json().get("previous").asLong()).as("chain").isEqualTo(previous);
                assertThat(e.id()).isEqualTo(e.json().get("revision").asText());
                previous = e.json().get("revision").asLong();
            }
            assertThat(changes.get(1).json().get("instance").get("port").asInt()).isEqualTo(90);
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyWhatItMissedOrAReset() throws Exception {
        long start = server.register("resumed", "r1", instance(80)).index();
        server.register("resumed", "r1", instance(81));
        server.register("resumed", "r2", instance(80));
        long last = server.get("/v1/services/resumed").index();

        try (SseStream s = stream("/v1/watch/services/resumed", Long.toString(start))) {
            List<SseStream.Event> missed = s.next(2, EVENT_WAIT);
            assertThat(missed).extracting(SseStream.Event::name).containsExactly("updated", "registered");
            assertThat(missed.get(1).json().get("revision").asLong()).isEqualTo(last);
        }
        try (SseStream s = stream("/v1/watch/services/resumed", Long.toString(last))) {
            server.register("resumed", "r3", instance(80));
            SseStream.Event next = s.next(EVENT_WAIT);
            assertThat(next.name()).as("nothing missed, so the next event is the new change").isEqualTo("registered");
            assertThat(next.json().get("previous").asLong()).isEqualTo(last);
        }
        // More changes than the history (8) holds: resuming from the start is a reset, not a gap.
        for (int i = 0; i < 10; i++) {
            server.register("resumed", "r1", instance(1000 + i));
        }
        try (SseStream s = stream("/v1/watch/services/resumed", Long.toString(start))) {
            SseStream.Event reset = s.next(EVENT_WAIT);
            assertThat(reset.name()).isEqualTo("state");
            assertThat(reset.json().get("reset").asBoolean()).isTrue();
            assertThat(reset.json().get("revision").asLong()).isEqualTo(server.get("/v1/services/resumed").index());
            assertThat(reset.json().get("instances")).hasSize(3);
        }
    }

    @Test
    void oneStreamCarriesAThousandNamedServicesAndNoMore() throws Exception {
        StringBuilder query = new StringBuilder("/v1/watch?ns=many");
        for (int i = 0; i < 1000; i++) {
            query.append("&service=a-rather-long-service-name-").append(i);
        }
        assertThat(query.length()).isGreaterThan(30_000); // far past HTTP servers' usual 4 KiB request line
        try (SseStream s = stream(query.toString(), null)) {
            List<SseStream.Event> states = s.next(1000, EVENT_WAIT);
            assertThat(states).extracting(SseStream.Event::name).containsOnly("state");
            assertThat(states).extracting(e -> e.json().get("service").asText()).doesNotHaveDuplicates();
            assertThat(s.next(EVENT_WAIT).name()).isEqualTo("synced");
        }
        HttpAnswer tooMany = server.get(query + "&service=one-too-many");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("field").asText()).isEqualTo("service");
    }

    @Test
    void aNamespaceStreamCarriesEveryServiceWithServiceQualifiedIds() throws Exception {
        server.put("/v1/services/a/instances/1?ns=wide", TestServer.json(instance(80)));
        try (SseStream s = stream("/v1/watch?ns=wide", null)) {
            SseStream.Event first = s.next(EVENT_WAIT);
            assertThat(first.name()).isEqualTo("state");
            assertThat(first.id()).startsWith("a:");
            assertThat(s.next(EVENT_WAIT).name()).isEqualTo("synced");
            server.put("/v1/services/b/instances/1?ns=wide", TestServer.json(instance(80)));
            SseStream.Event created = s.next(EVENT_WAIT);
            assertThat(created.name()).isEqualTo("registered");
            assertThat(created.id()).startsWith("b:");
        }
    }

    @Test
    void coalescingMergesABurstIntoOneEventPerInstance() throws Exception {
        long start = server.register("merged", "m0", instance(80)).index();
        try (SseStream s = stream("/v1/watch/services/merged?coalesce=500ms", null)) {
            assertThat(s.next(EVENT_WAIT).name()).isEqualTo("state");
            server.register("merged", "m1", instance(80));
            server.register("merged", "m1", instance(81));
            server.register("merged", "m1", instance(82));
            server.delete("/v1/services/merged/instances/m0");
            List<SseStream.Event> burst = s.next(2, EVENT_WAIT);
            SseStream.Event m1 = burst.stream().filter(e -> e.json().get("instance").get("id").asText().equals("m1")).findFirst()
                    .orElseThrow();
            SseStream.Event m0 = burst.stream().filter(e -> e.json().get("instance").get("id").asText().equals("m0")).findFirst()
                    .orElseThrow();
            assertThat(m1.name()).as("new in the window, so still 'registered'").isEqualTo("registered");
            assertThat(m1.json().get("instance").get("port").asInt()).as("with its final content").isEqualTo(82);
            assertThat(m0.name()).isEqualTo("deregistered");
            assertThat(burst.get(0).json().get("previous").asLong()).isEqualTo(start);
            assertThat(burst.get(1).json().get("previous").asLong())
                    .isEqualTo(burst.get(0).json().get("revision").asLong());
            assertThat(burst.get(1).json().get("revision").asLong()).isEqualTo(server.get("/v1/services/merged").index());
        }
    }
}
