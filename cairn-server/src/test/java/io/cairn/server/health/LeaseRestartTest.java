package io.cairn.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.server.TestServer;
import io.cairn.testkit.ManualTicker;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart (the node leads every partition in a new term) must not expire live instances: each
 * ephemeral instance gets a full TTL from the moment the node leads again.
 */
class LeaseRestartTest {

    @TempDir
    Path dir;

    @Test
    void aRestartGivesEveryEphemeralInstanceAFreshTtl() throws Exception {
        ManualTicker ticker = new ManualTicker();
        try (TestServer first = new TestServer(TestServer.config(dir, 4), ticker).start()) {
            first.register("eph", "a", ExpiryTest.ephemeral("10.0.0.1", "5s"));
            ticker.advance(Duration.ofSeconds(4));
        }
        // Down long enough that the old lease would have run out.
        ticker.advance(Duration.ofSeconds(3));
        try (TestServer second = new TestServer(TestServer.config(dir, 4), ticker).start()) {
            ticker.advance(Duration.ofSeconds(4));
            second.server().health().sweep();
            assertThat(second.get("/v1/services/eph").json().get("instances")).hasSize(1);

            ticker.advance(Duration.ofMillis(1_200));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> second.get("/v1/services/eph").json().get("instances").isEmpty());
            assertThat(second.server().health().expiredCount()).isEqualTo(1);
        }
    }
}
