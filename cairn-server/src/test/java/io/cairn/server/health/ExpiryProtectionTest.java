package io.cairn.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.TestServer;
import io.cairn.testkit.ManualTicker;
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
 * Mass-expiry protection both ways, on a manual clock: a namespace whose heartbeats all stop
 * loses nothing; when heartbeats return, the 10% that are really dead go.
 */
class ExpiryProtectionTest {

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

    private void register(String ns, String id) {
        var a = server.put("/v1/services/fleet/instances/" + id + "?ns=" + ns,
                TestServer.json(ExpiryTest.ephemeral("10.0.0.1", "10s")));
        assertThat(a.status()).isEqualTo(200);
    }

    private int count(String ns) {
        return server.get("/v1/services/fleet?ns=" + ns).json().get("instances").size();
    }

    private void heartbeat(String ns, List<String> ids) {
        List<Map<String, String>> refs = new ArrayList<>();
        for (String id : ids) {
            refs.add(Map.of("namespace", ns, "service", "fleet", "id", id));
        }
        var a = server.put("/v1/heartbeat", TestServer.json(Map.of("instances", refs)));
        assertThat(a.json().get("renewed").asInt()).isEqualTo(ids.size());
    }

    private JsonNode protection() {
        return server.get("/v1/status").json().get("protectedNamespaces");
    }

    /**
     * Sweeps at the current manual time. The node's own sweeps run only when the test advances
     * the clock, so this one cannot race them.
     */
    private void sweeps() {
        server.server().health().sweep();
    }

    @Test
    void allHeartbeatsStoppingExpiresNothingAndTheRealDeadGoOnceTheyReturn() {
        List<String> alive = new ArrayList<>();
        List<String> dead = List.of("d1", "d2");
        for (int i = 0; i < 18; i++) {
            alive.add("a" + i);
            register("prod", "a" + i);
        }
        dead.forEach(id -> register("prod", id));

        // Every heartbeat stops. Past half the TTL all 20 are silent: protection starts, before
        // the first one could expire.
        ticker.advance(Duration.ofSeconds(6));
        await().atMost(Duration.ofSeconds(5)).until(() -> protection().size() == 1);
        JsonNode p = protection().get(0);
        assertThat(p.get("namespace").asText()).isEqualTo("prod");
        assertThat(p.get("ephemeral").asInt()).isEqualTo(20);
        assertThat(p.get("silent").asInt()).isEqualTo(20);

        // However long it lasts, nothing is dropped, and reads say the list is served as last known.
        for (int i = 0; i < 6; i++) {
            ticker.advance(Duration.ofSeconds(10));
            sweeps();
            assertThat(count("prod")).isEqualTo(20);
        }
        assertThat(server.get("/v1/services/fleet?ns=prod").header("X-Cairn-Expiry-Protected")).isEqualTo("true");
        assertThat(server.get("/v1/services?ns=prod").header("X-Cairn-Expiry-Protected")).isEqualTo("true");
        assertThat(server.get("/v1/services/fleet/instances/a1?ns=prod").header("X-Cairn-Expiry-Protected"))
                .isEqualTo("true");
        assertThat(server.get("/v1/services/fleet?ns=default").header("X-Cairn-Expiry-Protected")).isNull();
        assertThat(server.server().health().expiredCount()).isZero();

        // Heartbeats come back for 18 of them: protection ends, every lease starts over, and the two
        // that stay silent expire one TTL later.
        heartbeat("prod", alive);
        sweeps();
        await().atMost(Duration.ofSeconds(5)).until(() -> protection().isEmpty());
        for (int i = 0; i < 3; i++) {
            ticker.advance(Duration.ofSeconds(4));
            heartbeat("prod", alive);
            sweeps();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> count("prod") == 18);
        assertThat(server.get("/v1/services/fleet?ns=prod").header("X-Cairn-Expiry-Protected")).isNull();
        assertThat(server.get("/v1/services/fleet?ns=prod").json().get("instances").findValuesAsText("id"))
                .doesNotContainAnyElementsOf(dead);
        assertThat(protection()).isEmpty();
    }

    @Test
    void aNamespaceBelowTheMinimumLosesItsDeadNormally() {
        for (int i = 0; i < 3; i++) {
            register("small", "s" + i);
        }
        ticker.advance(Duration.ofSeconds(11));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("small") == 0);
        assertThat(protection()).isEmpty();
    }

    @Test
    void protectionIsPerNamespace() {
        for (int i = 0; i < 12; i++) {
            register("quiet", "q" + i);
            register("busy", "b" + i);
        }
        List<String> busy = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            busy.add("b" + i);
        }
        // "quiet" stops heartbeating entirely; in "busy" one of twelve dies.
        for (int i = 0; i < 4; i++) {
            ticker.advance(Duration.ofSeconds(3));
            heartbeat("busy", busy);
            sweeps();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> count("busy") == 11);
        assertThat(count("quiet")).isEqualTo(12);
        assertThat(protection().findValuesAsText("namespace")).containsExactly("quiet");
    }
}
