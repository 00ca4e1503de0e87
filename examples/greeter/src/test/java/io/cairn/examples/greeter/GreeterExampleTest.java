package io.cairn.examples.greeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.client.Cairn;
import io.cairn.testkit.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example, as documented, against a real node: calls spread, and survive a crashed instance. */
class GreeterExampleTest {

    static {
        // The JDK's HttpServer otherwise delays each answer by a delayed ACK (about 40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @TempDir
    Path dir;

    @Test
    void callsReachEveryGreeterAndSurviveOneCrashing() throws Exception {
        try (ServerProcess registry = ServerProcess.start(dir.resolve("node"), Duration.ofSeconds(60), "--partitions", "1");
                GreeterService a = new GreeterService(0, List.of(registry.address())).start();
                GreeterService b = new GreeterService(0, List.of(registry.address())).start();
                Cairn cairn = Cairn.builder().addresses(registry.address()).build()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> cairn.healthy("greeter").size() == 2);
            List<String> answers = new GreeterCaller().run(cairn, 40);
            assertThat(answers).allMatch(s -> s.startsWith("hello caller-"));
            assertThat(answers).anyMatch(s -> s.endsWith("from " + a.id())).anyMatch(s -> s.endsWith("from " + b.id()));

            a.crash(); // stops answering but goes on heartbeating, as a hung process would: still listed
            assertThat(new GreeterCaller().run(cairn, 40)).allMatch(s -> s.endsWith("from " + b.id()));

            b.close(); // deregisters: the cache drops it (push-empty protection holds it back a moment)
            await().atMost(Duration.ofSeconds(10)).until(() -> cairn.healthy("greeter").stream()
                    .noneMatch(i -> i.id().equals(b.id())));
        }
    }

    @Test
    void theGreeterAndItsCallerWorkWithARegistryWithAclsOnGivenAToken() throws Exception {
        String token = "greeter-example-token-0123456789abcdef";
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("token"), token);
        try (ServerProcess registry = ServerProcess.start(dir.resolve("acl-node"), Duration.ofSeconds(60), "--partitions",
                "1", "--acl", "on", "--acl-initial-token-file", file.toString());
                GreeterService a = new GreeterService(0, List.of(registry.address()), token).start();
                Cairn cairn = Cairn.builder().addresses(registry.address()).token(token).build()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> cairn.healthy("greeter").size() == 1);
            assertThat(new GreeterCaller().run(cairn, 5)).allMatch(s -> s.endsWith("from " + a.id()));
        }
    }
}
