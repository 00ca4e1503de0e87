package io.cairn.server.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import io.cairn.server.watch.WatchHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consul blocking queries ({@code ?index=&wait=}): held until their own answer changes, not
 * woken by writes to other services or to instances their filter leaves out; the index is the
 * service's revision (the native {@code X-Cairn-Index}), and a second port serves the same.
 */
class ConsulBlockingTest {

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(TestServer.config(dir, 4).withConsulPort(0)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static void register(String name, String id, String tag) {
        HttpAnswer a = server.put("/v1/agent/service/register", "{\"Name\":\"" + name + "\",\"ID\":\"" + id
                + "\",\"Address\":\"10.1.0.1\",\"Port\":80,\"Tags\":[\"" + tag + "\"]}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
    }

    private static long index(HttpAnswer a) {
        return Long.parseLong(a.header("X-Consul-Index"));
    }

    /** Starts a blocking read on another thread and returns once the server holds it. */
    private static CompletableFuture<HttpAnswer> held(String pathAndQuery) {
        WatchHub hub = server.server().watches();
        int before = hub.watcherCount();
        CompletableFuture<HttpAnswer> answer = CompletableFuture.supplyAsync(() -> server.get(pathAndQuery));
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.watcherCount() > before || answer.isDone());
        assertThat(answer).as("held, not answered at once").isNotDone();
        return answer;
    }

    @Test
    void writesOutsideTheAnswerDoNotEndTheWait() throws Exception {
        register("quiet", "quiet-1", "blue");
        HttpAnswer first = server.get("/v1/health/service/quiet?tag=blue");
        long i = index(first);
        long started = System.nanoTime();
        CompletableFuture<HttpAnswer> answer = held("/v1/health/service/quiet?tag=blue&index=" + i + "&wait=2s");
        register("elsewhere", "elsewhere-1", "blue");     // another service
        register("quiet", "quiet-2", "green");            // this service, but left out by ?tag=blue
        HttpAnswer a = answer.get(20, TimeUnit.SECONDS);
        assertThat(a.status()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("held for the whole wait")
                .isGreaterThanOrEqualTo(2000);
        assertThat(a.body()).isEqualTo(first.body());
    }

    @Test
    void aChangeOfTheAnswerEndsTheWaitWithAHigherIndex() throws Exception {
        register("moving", "moving-1", "blue");
        long i = index(server.get("/v1/catalog/service/moving"));
        CompletableFuture<HttpAnswer> answer = held("/v1/catalog/service/moving?index=" + i + "&wait=5m");
        register("moving", "moving-2", "blue");
        HttpAnswer a = answer.get(20, TimeUnit.SECONDS);
        assertThat(a.body()).contains("moving-2");
        assertThat(index(a)).isGreaterThan(i);
        assertThat(index(a)).as("the index is the service's revision, the same in both dialects")
                .isEqualTo(server.get("/v1/services/moving").index());
        assertThat(a.header("X-Consul-KnownLeader")).isEqualTo("true");
    }

    @Test
    void aNamespaceWideReadWakesOnlyWhenItsAnswerChanges() throws Exception {
        register("listed", "listed-1", "a");
        HttpAnswer first = server.get("/v1/catalog/services");
        long started = System.nanoTime();
        CompletableFuture<HttpAnswer> answer = held("/v1/catalog/services?index=" + index(first) + "&wait=2s");
        register("listed", "listed-2", "a"); // same name and tags: the service list reads the same
        HttpAnswer unchanged = answer.get(20, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(2000);
        assertThat(unchanged.body()).isEqualTo(first.body());

        CompletableFuture<HttpAnswer> next = held("/v1/catalog/services?index=" + index(unchanged) + "&wait=5m");
        register("listed", "listed-3", "b");
        assertThat(next.get(20, TimeUnit.SECONDS).body()).contains("\"listed\":[\"a\",\"b\"]");
    }

    @Test
    void theIndexOfAReadNeverGoesBackAndZeroMeansNoIndex() {
        long a = index(server.get("/v1/health/service/fresh"));
        assertThat(a).isEqualTo(1);
        assertThat(server.get("/v1/health/service/fresh?index=0").status()).as("index 0 answers at once").isEqualTo(200);
        register("fresh", "fresh-1", "x");
        long b = index(server.get("/v1/health/service/fresh"));
        server.put("/v1/agent/service/deregister/fresh-1", null);
        long c = index(server.get("/v1/health/service/fresh"));
        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);
    }

    @Test
    void theConsulPortServesTheSameRoutes() throws Exception {
        int port = server.server().consulPort();
        assertThat(port).isPositive().isNotEqualTo(server.server().httpPort());
        register("ported", "ported-1", "x");
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/v1/catalog/service/ported")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("ported-1");
    }
}
