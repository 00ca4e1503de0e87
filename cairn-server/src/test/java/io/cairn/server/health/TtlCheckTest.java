package io.cairn.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ttl check in the native API: reported by the owner, critical when a report is overdue. */
class TtlCheckTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

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

    private static String health(String service, String id) {
        return server.get("/v1/services/" + service + "/instances/" + id).json().get("health").asText();
    }

    @Test
    void aReportSetsTheHealthAndAnOverdueOneTurnsItCritical() {
        server.register("reported", "r1", "{\"address\":\"10.0.0.1\",\"port\":80,"
                + "\"checks\":[{\"type\":\"ttl\",\"interval\":\"1s\"}]}");
        JsonNode check = server.get("/v1/services/reported/instances/r1").json().get("checks").get(0);
        assertThat(check.get("type").asText()).isEqualTo("ttl");
        assertThat(check.get("interval").asText()).isEqualTo("1s");
        assertThat(check.get("timeout").isNull()).isTrue();
        assertThat(health("reported", "r1")).as("critical until reported").isEqualTo("critical");

        HttpAnswer a = server.put("/v1/services/reported/instances/r1/checks/0", "{\"status\":\"warning\",\"output\":\"slow\"}");
        assertThat(a.status()).isEqualTo(200);
        await().atMost(DEADLINE).until(() -> health("reported", "r1").equals("warning"));
        // No further report: within its interval (1s) it turns critical again.
        await().atMost(DEADLINE).until(() -> health("reported", "r1").equals("critical"));
    }

    @Test
    void badReportsAreRefusedAndChangeNothing() {
        server.register("probed", "p1", "{\"address\":\"127.0.0.1\",\"port\":9,"
                + "\"checks\":[{\"type\":\"tcp\",\"interval\":\"1h\"},{\"type\":\"ttl\",\"interval\":\"1h\"}]}");
        long before = server.get("/v1/services/probed").index();
        assertThat(server.put("/v1/services/probed/instances/p1/checks/0", "{\"status\":\"passing\"}").status())
                .as("a tcp check takes no reports").isEqualTo(400);
        assertThat(server.put("/v1/services/probed/instances/p1/checks/5", "{\"status\":\"passing\"}").status())
                .isEqualTo(404);
        assertThat(server.put("/v1/services/probed/instances/nobody/checks/1", "{\"status\":\"passing\"}").status())
                .isEqualTo(404);
        HttpAnswer bad = server.put("/v1/services/probed/instances/p1/checks/1", "{\"status\":\"PASSING\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("status");
        assertThat(server.put("/v1/services/probed/instances/p1/checks/x", "{\"status\":\"passing\"}").status())
                .isEqualTo(400);
        assertThat(server.put("/v1/services/ttl-bad/instances/t", "{\"address\":\"10.0.0.1\",\"port\":80,"
                + "\"checks\":[{\"type\":\"ttl\",\"interval\":\"10s\",\"url\":\"http://x/\"}]}").status()).isEqualTo(400);
        assertThat(server.put("/v1/services/ttl-bad/instances/t", "{\"address\":\"10.0.0.1\",\"port\":80,"
                + "\"checks\":[{\"type\":\"ttl\",\"interval\":\"10s\",\"timeout\":\"1s\"}]}").status()).isEqualTo(400);
        assertThat(server.get("/v1/services/probed").index()).as("nothing changed").isEqualTo(before);
        assertThat(server.get("/v1/services/ttl-bad").json().get("instances")).isEmpty();
    }
}
