package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/figures} (counters as JSON, equal to the Prometheus meters) and
 * {@code GET /v1/services/{service}/liveness} (heartbeat ages and check results).
 */
class FiguresAndLivenessTest {

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 2).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static JsonNode figures() {
        HttpAnswer a = server.get("/v1/figures");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Type")).isEqualTo("application/json");
        return a.json();
    }

    @Test
    void figuresCountWritesAndLookupsServedHereAsTheMetricsDo() {
        JsonNode before = figures();
        server.register("counted", "c1", Map.of("address", "10.0.0.1", "port", 80));
        server.register("counted", "c2", Map.of("address", "10.0.0.2", "port", 80));
        assertThat(server.get("/v1/services/counted").status()).isEqualTo(200);
        assertThat(server.get("/v1/services/counted/instances/c1").status()).isEqualTo(200);
        assertThat(server.get("/v1/services/counted?index=0&wait=1s").status()).as("a blocking read").isEqualTo(200);
        assertThat(server.delete("/v1/services/counted/instances/c2").status()).isEqualTo(200);

        JsonNode after = figures();
        assertThat(after.get("registrations").asLong() - before.get("registrations").asLong()).isEqualTo(2);
        assertThat(after.get("deregistrations").asLong() - before.get("deregistrations").asLong()).isEqualTo(1);
        assertThat(after.get("lookups").asLong() - before.get("lookups").asLong()).as("blocking reads are not lookups")
                .isEqualTo(2);
        assertThat(after.get("uptimeMillis").asLong()).isGreaterThanOrEqualTo(before.get("uptimeMillis").asLong());
        assertThat(after.get("node").asText()).isEqualTo(server.server().nodeId());
        assertThat(after.get("heapUsedBytes").asLong()).isPositive();

        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("cairn_registrations_total " + (double) after.get("registrations").asLong())
                .contains("cairn_deregistrations_total " + (double) after.get("deregistrations").asLong())
                .containsPattern("(?m)^cairn_write_latency_seconds_count [1-9]")
                .containsPattern("(?m)^cairn_lookup_latency_seconds_bucket\\{le=\"\\+Inf\"\\} [1-9]");
    }

    @Test
    void livenessShowsHeartbeatAgesAndEachChecksLastResultWithItsOutput() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // closed again before the probe: connection refused
        }
        server.register("kept", "p1", Map.of("address", "127.0.0.1", "port", closedPort,
                "checks", List.of(Map.of("type", "tcp", "interval", "1s"))));
        server.register("kept", "e1", Map.of("address", "10.0.0.9", "port", 80, "ephemeral", true, "ttl", "60s"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpAnswer a = server.get("/v1/services/kept/liveness");
            assertThat(a.status()).isEqualTo(200);
            JsonNode check = a.json().at("/instances/1/checks/0");
            assertThat(check.get("health").asText()).isEqualTo("critical");
            assertThat(check.get("output").asText()).contains(Integer.toString(closedPort));
            assertThat(check.get("ageMillis").asLong()).isBetween(0L, 10_000L);
        });
        JsonNode body = server.get("/v1/services/kept/liveness").json();
        assertThat(body.get("service").asText()).isEqualTo("kept");
        assertThat(body.at("/instances/0/id").asText()).isEqualTo("e1");
        assertThat(body.at("/instances/0/heartbeatAgeMillis").asLong()).isBetween(0L, 60_000L);
        assertThat(body.at("/instances/0/checks").size()).isZero();
        assertThat(body.at("/instances/1/heartbeatAgeMillis").isNull()).as("persistent").isTrue();

        assertThat(server.get("/v1/services/never/liveness").json().get("instances").size()).isZero();
        assertThat(server.get("/v1/services/bad%20name/liveness").status()).isEqualTo(400);
    }
}
