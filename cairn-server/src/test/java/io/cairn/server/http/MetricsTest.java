package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import io.cairn.testkit.SseStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: Prometheus text that follows what the node does. */
class MetricsTest {

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 4).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The value of the sample with exactly this name and label text, or NaN when absent. */
    private static double sample(String text, String nameAndLabels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String scrape() {
        HttpAnswer a = server.get("/metrics");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        return a.body();
    }

    @Test
    void countsInstancesByHealthHeartbeatsAndLedPartitions() {
        String before = scrape();
        assertThat(sample(before, "cairn_partitions_led")).isEqualTo(4.0);
        assertThat(sample(before, "cairn_partitions")).isEqualTo(4.0);
        assertThat(before).contains("jvm_memory_used_bytes");
        assertThat(before).containsPattern("(?m)^jvm_compilation_time_ms_total\\{[^}]*\\} [0-9.E]+$");
        double passing = sample(before, "cairn_instances{health=\"passing\"}");
        double heartbeats = sample(before, "cairn_heartbeats_total");

        server.register("metered", "p1", Map.of("address", "10.0.0.1", "port", 80));
        server.register("metered", "e1", Map.of("address", "10.0.0.2", "port", 80, "ephemeral", true, "ttl", "60s"));
        assertThat(server.put("/v1/heartbeat", TestServer.json(Map.of("instances",
                List.of(Map.of("service", "metered", "id", "e1"))))).status()).isEqualTo(200);

        String after = scrape();
        assertThat(sample(after, "cairn_instances{health=\"passing\"}")).isEqualTo(passing + 2);
        assertThat(sample(after, "cairn_instances_ephemeral")).isGreaterThanOrEqualTo(1.0);
        assertThat(sample(after, "cairn_heartbeats_total")).isEqualTo(heartbeats + 1);
        assertThat(sample(after, "cairn_services")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void showsANamespaceUnderMassExpiryProtection() {
        // Ten instances that never heartbeat: half their TTL later all are silent at once, which
        // is the registry's trouble, not ten simultaneous deaths, so none may expire.
        for (int i = 0; i < 10; i++) {
            HttpAnswer a = server.put("/v1/services/quiet/instances/q" + i + "?ns=frozen",
                    TestServer.json(Map.of("address", "10.0.1." + i, "port", 80, "ephemeral", true, "ttl", "3s")));
            assertThat(a.status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sample(scrape(), "cairn_expiry_protected{namespace=\"frozen\"}") == 1.0);
        assertThat(sample(scrape(), "cairn_expiry_protected_namespaces")).isEqualTo(1.0);
        assertThat(server.get("/v1/status").json().get("protectedNamespaces").get(0).get("namespace").asText())
                .isEqualTo("frozen");
        // Past the TTL, and past it again: all ten are still served.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                .until(() -> server.get("/v1/services/quiet?ns=frozen").json().get("instances").size() == 10);
    }

    /** Events replayed to a resumed stream are sent events too; keep-alives are not events. */
    @Test
    void everyEventSentIsCountedReplayedOnesIncluded() throws Exception {
        server.register("replayed", "r1", Map.of("address", "10.0.0.1", "port", 80));
        long from = server.get("/v1/services/replayed").index();
        for (int i = 2; i <= 4; i++) {
            server.register("replayed", "r" + i, Map.of("address", "10.0.0." + i, "port", 80));
        }
        double before = sample(scrape(), "cairn_watch_events_sent_total");
        try (SseStream stream = SseStream.open(server.uri("/v1/watch/services/replayed"), Long.toString(from))) {
            stream.next(3, Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> sample(scrape(), "cairn_watch_events_sent_total") >= before + 3);
            assertThat(sample(scrape(), "cairn_watch_events_sent_total")).isEqualTo(before + 3);
        }
    }
}
