package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.CairnServer;
import io.cairn.server.config.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a real node: output, and the exit codes scripts rely on. */
class CliTest {

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

    @Test
    void registersListsAndDeregisters() {
        CliRun r = cairn("register", "shop", address, "--id", "s1", "--host", "10.0.0.5", "--port", "8443", "--tag", "blue",
                "--meta", "zone=eu-1", "--weight", "50");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("registered shop/s1 (revision ");

        assertThat(cairn("register", "shop", address, "--id", "s1", "--host", "10.0.0.5", "--port", "8443", "--tag",
                "blue", "--meta", "zone=eu-1", "--weight", "50").out()).startsWith("unchanged shop/s1");

        CliRun generated = cairn("register", "shop", address, "--host", "10.0.0.6", "--port", "8443");
        assertThat(generated.code()).isZero();
        assertThat(generated.out()).matches("(?s)registered shop/[0-9a-f-]{36} \\(revision \\d+\\)\\s*");

        CliRun list = cairn("instances", "shop", address, "--tag", "blue");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("s1", "10.0.0.5", "8443", "50", "blue", "zone=eu-1").doesNotContain("10.0.0.6");

        CliRun json = cairn("instances", "shop", address, "--json", "--meta", "zone=eu-1");
        assertThat(json.out()).contains("\"id\" : \"s1\"", "\"revision\"");

        assertThat(cairn("services", address).out()).containsPattern("shop\\s+2\\s+\\d+");
        assertThat(cairn("deregister", "shop", "s1", address).out()).startsWith("deregistered shop/s1");

        CliRun again = cairn("deregister", "shop", "s1", address);
        assertThat(again.code()).isEqualTo(Main.REFUSED);
        assertThat(again.err()).contains("404", "s1");
    }

    @Test
    void namespacesAreSeparate() {
        assertThat(cairn("register", "db", address, "--ns", "staging", "--id", "d1", "--host", "db1", "--port", "5432")
                .code()).isZero();
        assertThat(cairn("services", address, "--ns", "staging").out()).contains("db");
        assertThat(cairn("instances", "db", address).out()).doesNotContain("d1");
    }

    @Test
    void statusShowsEveryPartition() {
        CliRun r = cairn("status", address);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("node " + server.nodeId(), "partitions 2");
        assertThat(r.out().lines().filter(l -> l.contains("LEADER") && !l.startsWith("PARTITION"))).hasSize(2);
    }

    @Test
    void invalidInputIsRefusedWithTheRegistrysReason() {
        CliRun r = cairn("register", "shop", address, "--id", "bad", "--host", "10.0.0.5", "--port", "70000");
        assertThat(r.code()).isEqualTo(Main.REFUSED);
        assertThat(r.err()).contains("port", "65535");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        CliRun missing = cairn("register", "shop", address, "--port", "80");
        assertThat(missing.code()).isEqualTo(Main.USAGE);
        assertThat(missing.err()).contains("--host");
        assertThat(cairn("register", "shop", address, "--host", "h", "--port", "eighty").code()).isEqualTo(Main.USAGE);
        assertThat(cairn("frobnicate").code()).isEqualTo(Main.USAGE);
    }

    @Test
    void anUnreachableRegistryHasItsOwnExitCode() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CliRun r = cairn("services", "--address=127.0.0.1:" + closedPort, "--timeout", "2");
        assertThat(r.code()).isEqualTo(Main.UNREACHABLE);
        assertThat(r.err()).contains("cannot reach the registry", "cairn server");
    }

    @Test
    void severalAddressesSkipOneThatCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String both = "--address=127.0.0.1:" + closedPort + ", http://127.0.0.1:" + server.httpPort();
        CliRun reg = cairn("register", "multi", both, "--id", "m1", "--host", "10.0.0.9", "--port", "80");
        assertThat(reg.code()).as(reg.err()).isZero();
        CliRun list = cairn("instances", "multi", both);
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("m1");
        CliRun none = cairn("services", "--address=127.0.0.1:" + closedPort + ",127.0.0.1:" + closedPort, "--timeout", "2");
        assertThat(none.code()).isEqualTo(Main.UNREACHABLE);
        assertThat(none.err()).contains("cannot reach any registry");
        CliRun bad = cairn("services", "--address=ftp://x");
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("'ftp://x'");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"server", "register", "deregister", "services", "instances", "status",
                "watch"}) {
            CliRun r = cairn(command, "--help");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: cairn " + command);
        }
        assertThat(cairn("server", "--help").out()).contains("--data-dir", "--bind", "--http-port", "--partitions");
    }

    @Test
    void serverRejectsBadSettingsAsUsageErrors() {
        CliRun r = cairn("server", "--data-dir", dir.resolve("other").toString(), "--http-port", "99999");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("http-port");
    }

    @Test
    void watchOncePrintsTheState() {
        cairn("register", "watched", address, "--id", "w1", "--host", "10.0.0.7", "--port", "7000", "--tag", "t");
        CliRun r = cairn("watch", "watched", address, "--once");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("\\d+ state watched: 1 instances").contains("watched/w1 10.0.0.7:7000 tags=t");
    }

    @Test
    void watchPrintsEachChangeAsItHappens() throws Exception {
        StringWriter out = new StringWriter();
        Thread watcher = new Thread(() -> Main.run(new String[] {"watch", "live", address},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)), "cli-watch-test");
        watcher.setDaemon(true);
        watcher.start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> out.toString().contains("state live: 0 instances"));
            cairn("register", "live", address, "--id", "l1", "--host", "10.0.0.8", "--port", "8000");
            cairn("deregister", "live", "l1", address);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> out.toString().contains("deregistered live/l1"));
            assertThat(out.toString()).containsPattern("\\d+ registered live/l1 10.0.0.8:8000\\s+\\d+ deregistered live/l1");
        } finally {
            watcher.interrupt();
        }
    }

    @Test
    void watchOnceAgainstAnUnreachableRegistryExitsWith3() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThat(cairn("watch", "x", "--once", "--address=127.0.0.1:" + closedPort).code()).isEqualTo(Main.UNREACHABLE);
    }
}
