package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cairn.server.CairnServer;
import io.cairn.server.config.ServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI says when the address is wrong or an option is misused, and the services table. */
class CliMessagesTest {

    @TempDir
    static Path dir;

    private static CairnServer server;
    private static int raftPort;
    private static String address;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            raftPort = free.getLocalPort();
        }
        server = new CairnServer(ServerConfig.defaults().withDataDir(dir).withPorts(0, raftPort).withPartitions(2))
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

    @Test
    void anUnresolvableHostIsNotCalledRefused() {
        CliRun r = cairn("status", "--address", "no-such-host.invalid:7470", "--timeout", "5");
        assertThat(r.code()).isEqualTo(Main.UNREACHABLE);
        assertThat(r.err()).contains("could not be resolved").doesNotContain("refused");
    }

    @Test
    void theRaftPortDoesNotLookLikeACairnNode() {
        CliRun r = cairn("services", "--address", "127.0.0.1:" + raftPort, "--timeout", "5");
        assertThat(r.code()).isEqualTo(Main.UNREACHABLE);
        assertThat(r.err()).contains("Cairn node").doesNotContain("\u0000");
        assertThat(r.err().chars().filter(c -> c < 0x20 && c != '\n' && c != '\r').count()).isZero();
    }

    @Test
    void anotherHttpServerDoesNotLookLikeACairnNode() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        other.start();
        try {
            CliRun r = cairn("services", "--address", "127.0.0.1:" + other.getAddress().getPort());
            assertThat(r.code()).isEqualTo(Main.UNREACHABLE);
            assertThat(r.err()).contains("does not look like a Cairn node").doesNotContain("http_404");
        } finally {
            other.stop(0);
        }
    }

    @Test
    void aMalformedMetaSaysOptionOnce() {
        CliRun r = cairn("register", "web", address, "--host", "10.0.0.1", "--port", "80", "--meta", "novalue");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--meta").doesNotContain("option option");
    }

    @Test
    void statusTakesNoNamespace() {
        CliRun r = cairn("status", address, "--ns", "x");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--ns");
        assertThat(cairn("status", "--help").out()).doesNotContain("--ns");
    }

    @Test
    void servicesShowsHealthCountsAndCutsLongNames() {
        String longName = "a" + "b".repeat(100) + "z";
        assertThat(cairn("register", longName, address, "--ns", "tbl", "--id", "i1", "--host", "10.0.0.1", "--port",
                "80").code()).isZero();
        CliRun table = cairn("services", address, "--ns", "tbl");
        assertThat(table.code()).isZero();
        assertThat(table.out().lines().findFirst().orElseThrow())
                .containsSubsequence("SERVICE", "INSTANCES", "PASSING", "WARNING", "CRITICAL", "REVISION");
        assertThat(table.out()).contains("a" + "b".repeat(38) + "\u2026").doesNotContain(longName);
        assertThat(table.out()).containsPattern("\u2026\\s+1\\s+1\\s+0\\s+0\\s+\\d+");
        assertThat(cairn("services", address, "--ns", "tbl", "--json").out()).contains(longName);
    }
}
