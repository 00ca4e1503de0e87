package io.cairn.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import io.cairn.testkit.ManualTicker;
import io.cairn.testkit.SseStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expiry and renewal of ephemeral instances on a real node whose clock is a {@link ManualTicker}:
 * time moves only when the test moves it, and the node's own 100 ms sweeper does the rest.
 */
class ExpiryTest {

    @TempDir
    Path dir;

    private final ManualTicker ticker = new ManualTicker();
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(TestServer.config(dir, 4), ticker).start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static Map<String, Object> ephemeral(String address, String ttl) {
        return Map.of("address", address, "port", 80, "ephemeral", true, "ttl", ttl);
    }

    private int count(String service) {
        return server.get("/v1/services/" + service).json().get("instances").size();
    }

    private HttpAnswer heartbeat(String service, String... ids) {
        List<Map<String, String>> refs = new ArrayList<>();
        for (String id : ids) {
            refs.add(Map.of("service", service, "id", id));
        }
        return server.put("/v1/heartbeat", TestServer.json(Map.of("instances", refs)));
    }

    /**
     * Sweeps at the current (manual) time and shows that no sweep so far expired more than
     * {@code expiredSoFar} instances (an expiry is counted when the sweep decides it, before its
     * write is applied) and that the service still has {@code expected} instances. The node's own
     * sweeps run only when the test advances the clock, so this one cannot race them.
     */
    private void stillThereAfterSweeps(String service, int expected, long expiredSoFar) {
        server.server().health().sweep();
        assertThat(server.server().health().expiredCount()).as("instances expired").isEqualTo(expiredSoFar);
        assertThat(count(service)).isEqualTo(expected);
    }

    @Test
    void anInstanceExpiresOnlyAfterItsTtlWithoutHeartbeatAndWatchersLearnWhy() {
        try (SseStream watch = SseStream.open(server.uri("/v1/watch/services/eph"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !watch.named("state").isEmpty());
            server.register("eph", "a", ephemeral("10.0.0.1", "2s"));

            ticker.advance(Duration.ofMillis(1_800));
            stillThereAfterSweeps("eph", 1, 0);
            assertThat(heartbeat("eph", "a").json().get("renewed").asInt()).isEqualTo(1);

            ticker.advance(Duration.ofMillis(1_800));
            stillThereAfterSweeps("eph", 1, 0);

            ticker.advance(Duration.ofMillis(400));
            await().atMost(Duration.ofSeconds(5)).until(() -> count("eph") == 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> !watch.named("deregistered").isEmpty());
            JsonNode gone = watch.named("deregistered").get(0).json();
            assertThat(gone.get("reason").asText()).isEqualTo("expired");
            assertThat(gone.get("instance").get("id").asText()).isEqualTo("a");
        }
        assertThat(server.server().health().expiredCount()).isEqualTo(1);
    }

    @Test
    void aHeartbeatAfterExpiryAnswersUnknownAndTheOwnerRegistersAgain() {
        server.register("late", "a", ephemeral("10.0.0.1", "1s"));
        ticker.advance(Duration.ofMillis(1_500));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("late") == 0);

        HttpAnswer hb = heartbeat("late", "a");
        assertThat(hb.status()).isEqualTo(200);
        assertThat(hb.json().get("renewed").asInt()).isZero();
        assertThat(hb.json().get("unknown").get(0).get("id").asText()).isEqualTo("a");
        assertThat(server.put("/v1/services/late/instances/a/heartbeat", null).status()).isEqualTo(404);

        server.register("late", "a", ephemeral("10.0.0.1", "1s"));
        assertThat(heartbeat("late", "a").json().get("renewed").asInt()).isEqualTo(1);
        assertThat(server.put("/v1/services/late/instances/a/heartbeat", null).status()).isEqualTo(200);
        stillThereAfterSweeps("late", 1, 1);
    }

    @Test
    void aReRegistrationRenewsTheLeaseLikeAHeartbeat() {
        server.register("rereg", "a", ephemeral("10.0.0.1", "2s"));
        ticker.advance(Duration.ofMillis(1_800));
        stillThereAfterSweeps("rereg", 1, 0);
        // Identical: nothing is written, but the owner showed it is alive, so the lease starts over.
        assertThat(server.register("rereg", "a", ephemeral("10.0.0.1", "2s")).json().get("changed").asBoolean())
                .isFalse();
        ticker.advance(Duration.ofMillis(1_800));
        stillThereAfterSweeps("rereg", 1, 0);
        ticker.advance(Duration.ofMillis(400));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("rereg") == 0);
    }

    /** Heartbeats live in memory: 10,000 instances renewed every second write nothing to Raft. */
    @Test
    void tenThousandInstancesHeartbeatingWriteNothing() {
        int n = 10_000;
        List<Map<String, String>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // Spread over services so that several partitions are involved.
            String service = "fleet" + (i % 16);
            server.register(service, "i" + i, ephemeral("10.1." + (i / 250) + "." + (i % 250), "3s"));
            all.add(Map.of("service", service, "id", "i" + i));
        }
        long applied = appliedIndexSum();
        String before = server.get("/v1/services").body();
        for (int second = 0; second < 5; second++) {
            ticker.advance(Duration.ofSeconds(1));
            for (int from = 0; from < n; from += 1_000) {
                HttpAnswer a = server.put("/v1/heartbeat",
                        TestServer.json(Map.of("instances", all.subList(from, from + 1_000))));
                assertThat(a.json().get("renewed").asInt()).isEqualTo(1_000);
            }
        }
        stillThereAfterSweeps("fleet0", n / 16, 0);
        assertThat(appliedIndexSum()).as("Raft log entries").isEqualTo(applied);
        assertThat(server.get("/v1/services").body()).as("no revision moved").isEqualTo(before);
        assertThat(server.server().health().expiredCount()).isZero();
        assertThat(server.server().health().leaseCount()).isEqualTo(n);
    }

    private long appliedIndexSum() {
        long sum = 0;
        for (JsonNode p : server.get("/v1/status").json().get("partitions")) {
            sum += p.get("appliedIndex").asLong();
        }
        return sum;
    }
}
