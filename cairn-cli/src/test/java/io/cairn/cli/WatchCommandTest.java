package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.CairnServer;
import io.cairn.server.config.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn watch} against a real node: the {@code --once} snapshot, the live mode's lines as
 * changes happen, its behaviour while the registry is away, and its exit codes.
 */
class WatchCommandTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static CairnServer server;
    private static String address;

    @BeforeAll
    static void start() throws Exception {
        server = new CairnServer(ServerConfig.defaults().withDataDir(dir.resolve("shared")).withPorts(0, 0)
                .withPartitions(2)).start(Duration.ofSeconds(60));
        address = "--address=127.0.0.1:" + server.httpPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static CliRun cairn(String... args) {
        return CliRun.cairn(args);
    }

    private static void ok(String... args) {
        CliRun r = cairn(args);
        assertThat(r.code()).as(r.err()).isZero();
    }

    /** A {@code cairn watch} running on its own thread, as a user would leave it running. */
    private static final class Live implements AutoCloseable {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final Thread thread;

        Live(String... args) {
            thread = new Thread(() -> exit.complete(Main.run(args, new PrintWriter(out, true),
                    new PrintWriter(err, true))), "cairn-watch-command");
            thread.setDaemon(true);
            thread.start();
        }

        List<String> lines() {
            return out.toString().lines().toList();
        }

        /** Stops it the way Ctrl-C does (Main turns the signal into this interrupt). */
        int stop() throws Exception {
            thread.interrupt();
            return exit.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void oncePrintsTheCurrentStateAndExits() {
        ok("register", "snap", address, "--id", "s1", "--host", "10.0.0.7", "--port", "7000", "--tag", "a",
                "--tag", "b", "--meta", "zone=eu-1", "--weight", "5");
        ok("register", "snap", address, "--id", "s2", "--host", "::1", "--port", "7001");
        CliRun r = cairn("watch", "snap", address, "--once");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(3);
        assertThat(r.out().lines().toList().get(0)).matches("\\d+ state snap: 2 instances");
        assertThat(r.out()).contains("  snap/s1 10.0.0.7:7000 tags=a,b meta=zone=eu-1 weight=5\n",
                "  snap/s2 [::1]:7001\n");

        CliRun json = cairn("watch", "snap", address, "--once", "--json");
        assertThat(json.out().lines()).hasSize(1);
        JsonNode state = readJson(json.out().strip());
        assertThat(state.get("service").asText()).isEqualTo("snap");
        assertThat(state.get("reset").asBoolean()).isFalse();
        assertThat(state.get("instances")).hasSize(2);
    }

    @Test
    void oncePrintsAnEmptyStateForAServiceThatDoesNotExistYet() {
        CliRun r = cairn("watch", "never-registered", address, "--once", "--ns", "elsewhere");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("0 state never-registered: 0 instances\n");
    }

    @Test
    void onceAgainstAnUnreachableRegistryExitsWith3AtOnce() throws Exception {
        CliRun r = cairn("watch", "web", "--once", "--address=127.0.0.1:" + freePort(), "--timeout", "2");
        assertThat(r.code()).isEqualTo(Main.UNREACHABLE);
        assertThat(r.err()).contains("cannot reach the registry");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void livePrintsTheStateThenOneLinePerChangeUntilStopped() throws Exception {
        try (Live watch = new Live("watch", "live", address)) {
            await().atMost(DEADLINE).until(() -> watch.out.toString().contains("state live: 0 instances"));
            ok("register", "live", address, "--id", "l1", "--host", "10.0.0.8", "--port", "8000", "--tag", "v2",
                    "--meta", "zone=eu-1");
            ok("register", "live", address, "--id", "l1", "--host", "10.0.0.8", "--port", "8001", "--tag", "v2",
                    "--meta", "zone=eu-1");
            ok("deregister", "live", "l1", address);
            await().atMost(DEADLINE).until(() -> watch.out.toString().contains("deregistered live/l1"));

            List<String> lines = watch.lines();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0)).matches("\\d+ state live: 0 instances");
            assertThat(lines.get(1)).matches("\\d+ registered live/l1 10\\.0\\.0\\.8:8000 tags=v2 meta=zone=eu-1");
            assertThat(lines.get(2)).matches("\\d+ updated live/l1 10\\.0\\.0\\.8:8001 tags=v2 meta=zone=eu-1");
            assertThat(lines.get(3)).matches("\\d+ deregistered live/l1 10\\.0\\.0\\.8:8001 tags=v2 meta=zone=eu-1");
            assertThat(lines.stream().map(l -> Long.parseLong(l.substring(0, l.indexOf(' '))))).isSorted();

            assertThat(watch.stop()).isEqualTo(Main.OK);
            assertThat(watch.err.toString()).isEmpty();
        }
    }

    @Test
    void liveJsonPrintsEachEventAsOneLineOfJson() throws Exception {
        try (Live watch = new Live("watch", "live-json", address, "--json", "--ns", "staging")) {
            await().atMost(DEADLINE).until(() -> watch.lines().size() == 1);
            ok("register", "live-json", address, "--ns", "staging", "--id", "j1", "--host", "10.0.0.9", "--port",
                    "9000");
            ok("deregister", "live-json", "j1", address, "--ns", "staging");
            await().atMost(DEADLINE).until(() -> watch.lines().size() == 3);
            assertThat(watch.stop()).isZero();

            List<JsonNode> events = watch.lines().stream().map(WatchCommandTest::readJson).toList();
            assertThat(events.get(0).get("namespace").asText()).isEqualTo("staging");
            assertThat(events.get(0).get("instances")).isEmpty();
            assertThat(events.subList(1, 3)).extracting(e -> e.get("kind").asText())
                    .containsExactly("registered", "deregistered");
            assertThat(events.get(1).get("previous").asLong()).isEqualTo(events.get(0).get("revision").asLong());
            assertThat(events.get(2).get("previous").asLong()).isEqualTo(events.get(1).get("revision").asLong());
            assertThat(events.get(1).get("instance").get("id").asText()).isEqualTo("j1");
        }
    }

    @Test
    void sincePrintsOnlyTheLaterChanges() throws Exception {
        ok("register", "resumed", address, "--id", "r1", "--host", "10.0.0.1", "--port", "80");
        String revision = cairn("watch", "resumed", address, "--once").out().split(" ")[0];
        ok("register", "resumed", address, "--id", "r2", "--host", "10.0.0.2", "--port", "80");
        try (Live watch = new Live("watch", "resumed", address, "--since", revision)) {
            await().atMost(DEADLINE).until(() -> watch.out.toString().contains("registered resumed/r2"));
            assertThat(watch.lines()).hasSize(1);
            assertThat(watch.stop()).isZero();
        }
    }

    /**
     * Started while nothing listens on its port, the watch keeps retrying with one note, picks
     * up the registry once it is there, and says so once.
     */
    @Test
    void liveWaitsForAnUnreachableRegistryAndNotesTheOutageOnce() throws Exception {
        int port = freePort();
        String here = "--address=127.0.0.1:" + port;
        try (Live watch = new Live("watch", "later", here)) {
            await().atMost(DEADLINE).until(() -> watch.err.toString().contains("note: cannot reach the registry"));
            assertThat(watch.exit).isNotDone();
            try (CairnServer late = new CairnServer(ServerConfig.defaults().withDataDir(dir.resolve("late"))
                    .withPorts(port, 0).withPartitions(1)).start(Duration.ofSeconds(60))) {
                await().atMost(DEADLINE).until(() -> watch.out.toString().contains("state later: 0 instances"));
                ok("register", "later", here, "--id", "x1", "--host", "10.0.0.3", "--port", "3000");
                await().atMost(DEADLINE).until(() -> watch.out.toString().contains("registered later/x1"));
                assertThat(watch.stop()).isZero();
            }
            String err = watch.err.toString();
            assertThat(err.lines().filter(l -> l.startsWith("note: cannot reach"))).as(err).hasSize(1);
            assertThat(err).contains("note: reconnected to http://127.0.0.1:" + port);
        }
    }

    @Test
    void liveExitsWith1WhenTheRegistryRefusesTheWatch() throws Exception {
        try (Live watch = new Live("watch", "not_valid!", address)) {
            assertThat(watch.exit.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(Main.REFUSED);
            assertThat(watch.err.toString()).contains("400", "service");
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(cairn("watch", "web", address, "--since", "-4").code()).isEqualTo(Main.USAGE);
        CliRun both = cairn("watch", "web", address, "--once", "--since", "3");
        assertThat(both.code()).isEqualTo(Main.USAGE);
        assertThat(both.err()).contains("--once");
        assertThat(cairn("watch", address).code()).isEqualTo(Main.USAGE);
    }

    @Test
    void helpDescribesTheModesAndExitCodes() {
        CliRun r = cairn("watch", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: cairn watch", "--once", "--since", "--json", "--ns", "Ctrl-C",
                "exit code 3", "reset");
    }

    private static JsonNode readJson(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
