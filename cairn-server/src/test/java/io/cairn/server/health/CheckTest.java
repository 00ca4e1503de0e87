package io.cairn.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cairn.server.TestServer;
import io.cairn.testkit.SseStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Active checks against real local endpoints that go up and down, in real time (1 s intervals):
 * health follows them, watchers hear each change once, and steady results write nothing.
 */
class CheckTest {

    @TempDir
    static Path dir;

    private static TestServer server;
    private HttpServer endpoint;
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 4).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @AfterEach
    void stopEndpoint() {
        if (endpoint != null) {
            endpoint.stop(0);
        }
    }

    private int startEndpoint() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        endpoint.start();
        return endpoint.getAddress().getPort();
    }

    private String health(String service, String id) {
        return server.get("/v1/services/" + service + "/instances/" + id).json().get("health").asText();
    }

    private static Duration within(int intervals) {
        return Duration.ofSeconds(intervals).plusMillis(500);
    }

    @Test
    void anHttpCheckFollowsItsEndpointAndWatchersHearEachChange() throws Exception {
        int port = startEndpoint();
        try (SseStream watch = SseStream.open(server.uri("/v1/watch/services/web"))) {
            server.put("/v1/services/web/instances/w1", "{\"address\":\"127.0.0.1\",\"port\":" + port
                    + ",\"checks\":[{\"type\":\"http\",\"path\":\"/health\",\"interval\":\"1s\",\"timeout\":\"500ms\"}]}");
            await().atMost(within(2)).until(() -> health("web", "w1").equals("passing"));

            status.set(500);
            await().atMost(within(2)).until(() -> health("web", "w1").equals("critical"));
            status.set(429);
            await().atMost(within(2)).until(() -> health("web", "w1").equals("warning"));
            status.set(200);
            await().atMost(within(2)).until(() -> health("web", "w1").equals("passing"));
            endpoint.stop(0);
            endpoint = null;
            await().atMost(within(2)).until(() -> health("web", "w1").equals("critical"));

            await().atMost(Duration.ofSeconds(5)).until(() -> watch.named("health").size() == 5);
            assertThat(watch.named("health").stream().map(e -> e.json().get("instance").get("health").asText()))
                    .containsExactly("passing", "critical", "warning", "passing", "critical");
            assertThat(watch.named("health")).allSatisfy(e -> assertThat(e.json().get("reason").asText())
                    .isEqualTo("check"));
        }
    }

    @Test
    void aTcpCheckSeesAListenerComeAndGo() throws Exception {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = listener.getLocalPort();
        try {
            server.put("/v1/services/db/instances/d1", "{\"address\":\"127.0.0.1\",\"port\":" + port
                    + ",\"checks\":[{\"type\":\"tcp\",\"interval\":\"1s\",\"timeout\":\"500ms\"}]}");
            await().atMost(within(2)).until(() -> health("db", "d1").equals("passing"));
        } finally {
            listener.close();
        }
        await().atMost(within(2)).until(() -> health("db", "d1").equals("critical"));
    }

    @Test
    void steadyResultsWriteNothing() throws Exception {
        int port = startEndpoint();
        server.put("/v1/services/steady/instances/s1", "{\"address\":\"127.0.0.1\",\"port\":" + port
                + ",\"checks\":[{\"type\":\"http\",\"path\":\"/health\",\"interval\":\"1s\"}]}");
        await().atMost(within(2)).until(() -> health("steady", "s1").equals("passing"));
        long revision = server.get("/v1/services/steady").index();
        long applied = appliedIndexSum();
        int proposals = server.server().health().healthProposals();
        // Three more probes, all passing.
        long until = System.nanoTime() + Duration.ofMillis(3_200).toNanos();
        await().atMost(Duration.ofSeconds(6)).until(() -> System.nanoTime() > until);
        assertThat(server.get("/v1/services/steady").index()).isEqualTo(revision);
        assertThat(server.server().health().healthProposals()).isEqualTo(proposals);
        // Other tests' checks may write meanwhile; none of it is this instance's.
        assertThat(appliedIndexSum() - applied).isLessThanOrEqualTo(server.server().health().healthProposals() - proposals);
    }

    @Test
    void deregisterAfterRemovesAnInstanceThatStaysCritical() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        try (SseStream watch = SseStream.open(server.uri("/v1/watch/services/doomed"))) {
            server.put("/v1/services/doomed/instances/x", "{\"address\":\"127.0.0.1\",\"port\":" + dead
                    + ",\"deregisterAfter\":\"1s\",\"checks\":[{\"type\":\"tcp\",\"interval\":\"1s\",\"timeout\":\"200ms\"}]}");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.get("/v1/services/doomed").json().get("instances").isEmpty());
            await().atMost(Duration.ofSeconds(5)).until(() -> !watch.named("deregistered").isEmpty());
            JsonNode gone = watch.named("deregistered").get(0).json();
            assertThat(gone.get("reason").asText()).isEqualTo("critical");
        }
    }

    private static long appliedIndexSum() {
        long sum = 0;
        for (JsonNode p : server.get("/v1/status").json().get("partitions")) {
            sum += p.get("appliedIndex").asLong();
        }
        return sum;
    }

    /**
     * A passing HTTP check logs nothing, even against an endpoint that answers with a body (the
     * probe drops the connection mid-body); a failing one logs its transition once, not per
     * probe. slf4j-simple writes each line to the current System.err, which the test captures.
     */
    @Test
    void aPassingCheckLogsNothingAndAFailingOneLogsItsTransitionOnce() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer chatty = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        chatty.createContext("/status", exchange -> {
            hits.incrementAndGet();
            byte[] body = "x".repeat(256 * 1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(status.get(), body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the probe hung up mid-body, as it means to
            }
        });
        chatty.start();
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }
        }, true));
        try {
            server.put("/v1/services/loud/instances/l1", "{\"address\":\"127.0.0.1\",\"port\":"
                    + chatty.getAddress().getPort()
                    + ",\"checks\":[{\"type\":\"http\",\"path\":\"/status\",\"interval\":\"1s\"}]}");
            await().atMost(within(2)).until(() -> health("loud", "l1").equals("passing"));
            int seen = hits.get();
            await().atMost(within(4)).until(() -> hits.get() >= seen + 3);
            String passing = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(passing).doesNotContain("ERROR").doesNotContain("Connection was closed");

            status.set(500);
            await().atMost(within(2)).until(() -> health("loud", "l1").equals("critical"));
            int failing = hits.get();
            await().atMost(within(4)).until(() -> hits.get() >= failing + 3);
            String all = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(all).doesNotContain("ERROR");
            assertThat(all.lines().filter(l -> l.contains("event=health-change") && l.contains("id=l1")))
                    .containsExactly(all.lines().filter(l -> l.contains("event=health-change") && l.contains("id=l1")
                            && l.contains("to=passing")).findFirst().orElseThrow(),
                            all.lines().filter(l -> l.contains("event=health-change") && l.contains("id=l1")
                                    && l.contains("to=critical")).findFirst().orElseThrow());
        } finally {
            System.setErr(original);
            chatty.stop(0);
        }
    }
}
