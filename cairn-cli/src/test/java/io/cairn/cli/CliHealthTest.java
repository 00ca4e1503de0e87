package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.server.CairnServer;
import io.cairn.server.config.ServerConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn register} with checks and {@code cairn instances} showing and filtering health. */
class CliHealthTest {

    @TempDir
    static Path dir;

    private static CairnServer server;
    private static String address;

    @BeforeAll
    static void start() throws Exception {
        server = new CairnServer(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0).withPartitions(2))
                .start(Duration.ofSeconds(60));
        address = "--address=127.0.0.1:" + server.httpPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static CliRun cairn(String... args) {
        return CliRun.cairn(args);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void checksDecideHealthAndPassingFiltersOnIt() throws Exception {
        // The registry's own status page is a live HTTP endpoint; a port nobody listens on is dead.
        CliRun live = cairn("register", "checked", address, "--id", "up", "--host", "127.0.0.1", "--port",
                Integer.toString(server.httpPort()), "--check-http", "/v1/status", "--check-interval", "1s");
        assertThat(live.code()).as(live.err()).isZero();
        CliRun dead = cairn("register", "checked", address, "--id", "down", "--host", "127.0.0.1", "--port",
                Integer.toString(closedPort()), "--check-port", "--check-interval", "1s");
        assertThat(dead.code()).as(dead.err()).isZero();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String all = cairn("instances", "checked", address).out();
            assertThat(all).containsPattern("up\\s+127\\.0\\.0\\.1\\s+\\d+\\s+100\\s+passing\\s+persistent")
                    .containsPattern("down\\s+127\\.0\\.0\\.1\\s+\\d+\\s+100\\s+critical\\s+persistent");
        });
        CliRun passing = cairn("instances", "checked", address, "--passing");
        assertThat(passing.out()).contains("up").doesNotContain("down");
    }

    @Test
    void aBadCheckIsRefusedWithItsFieldAndRegistersNothing() {
        CliRun r = cairn("register", "badcheck", address, "--id", "x", "--host", "127.0.0.1", "--port", "80",
                "--check-http", "ftp://example/", "--check-interval", "1s");
        assertThat(r.code()).isEqualTo(Main.REFUSED);
        assertThat(r.err()).contains("checks[0].url");
        assertThat(cairn("instances", "badcheck", address).out()).doesNotContain(" x ");

        CliRun tooFast = cairn("register", "badcheck", address, "--id", "x", "--host", "127.0.0.1", "--port", "80",
                "--check-port", "--check-interval", "500ms");
        assertThat(tooFast.code()).isEqualTo(Main.REFUSED);
        assertThat(tooFast.err()).contains("checks[0].interval");
    }
}
