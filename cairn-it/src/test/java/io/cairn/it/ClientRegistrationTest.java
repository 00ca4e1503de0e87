package io.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.client.Cairn;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnClientException;
import io.cairn.client.Registration;
import io.cairn.testkit.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client library keeps a registration alive against a real node in its own JVM: heartbeats
 * outlive the TTL, a restarted node keeps it, a node that lost its data gets it again by itself,
 * and close() deregisters.
 */
class ClientRegistrationTest {

    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static boolean present(String address) {
        try (CairnClient probe = new CairnClient(address, Duration.ofSeconds(2))) {
            return probe.instance(null, "orders", "o1").passing();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void aRegistrationSurvivesRestartsAndALostRegistryAndLeavesOnClose() throws Exception {
        ServerProcess server = ServerProcess.start(dir.resolve("node"), START, "--partitions", "2");
        int port = server.httpPort();
        String address = server.address();
        try (Cairn owner = Cairn.builder().addresses(address).ttl(Duration.ofSeconds(2)).build()) {
            Registration reg = owner.register("orders", "o1",
                    new InstanceRequest("127.0.0.1", 9000, List.of("v1"), Map.of(), 100));
            assertThat(reg.isRegistered()).isTrue();
            try (CairnClient probe = new CairnClient(address, Duration.ofSeconds(5))) {
                InstanceView view = probe.instance(null, "orders", "o1");
                assertThat(view.ephemeral()).isTrue();
                assertThat(view.ttl()).isEqualTo("2s");
            }
            // Heartbeats every TTL/4 keep it for well past its TTL.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> present(address));

            // A graceful restart on the same data directory: leases start fresh, heartbeats go on.
            assertThat(server.terminate(Duration.ofSeconds(20))).isEqualTo(143);
            server = ServerProcess.start(dir.resolve("node"), port, START, "--partitions", "2");
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() -> present(address));

            // The registry loses everything (killed, restarted on an empty data directory): the
            // next heartbeat hears "unknown" and the client registers the instance again.
            server.kill9();
            server = ServerProcess.start(dir.resolve("empty-node"), port, START, "--partitions", "2");
            await().atMost(Duration.ofSeconds(10)).until(() -> present(address));
            await().atMost(Duration.ofSeconds(5)).until(reg::isRegistered);
            assertThat(server.log()).doesNotContain("ERROR");

            // close() deregisters at once: no waiting for a TTL.
            reg.close();
            assertThat(reg.isRegistered()).isFalse();
            try (CairnClient probe = new CairnClient(address, Duration.ofSeconds(5))) {
                assertThatThrownBy(() -> probe.instance(null, "orders", "o1"))
                        .isInstanceOfSatisfying(CairnClientException.class, e -> assertThat(e.status()).isEqualTo(404));
            }
        } finally {
            server.close();
        }
    }

    @Test
    void anInvalidInstanceIsRefusedAtOnceAndNothingIsKept() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("node"), START, "--partitions", "1");
                Cairn owner = Cairn.builder().addresses(server.address()).build()) {
            assertThatThrownBy(() -> owner.register("orders", "o1",
                    new InstanceRequest("127.0.0.1", 70000, List.of(), Map.of(), 100)))
                    .isInstanceOfSatisfying(CairnClientException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.error().field()).isEqualTo("port");
                    });
            // A persistent registration through the library: no heartbeats, deregistered on close.
            Registration persistent = owner.register("orders", new InstanceRequest("127.0.0.1", 9001, List.of(),
                    Map.of(), 100, false, null, null, null));
            assertThat(persistent.id()).isEqualTo("127.0.0.1-9001");
            try (CairnClient probe = new CairnClient(server.address(), Duration.ofSeconds(5))) {
                assertThat(probe.instance(null, "orders", "127.0.0.1-9001").ephemeral()).isFalse();
            }
        }
    }

    @Test
    void aRegistryDownAtRegistrationIsRetriedUntilItAnswers() throws Exception {
        int port = freePort();
        try (Cairn owner = Cairn.builder().addresses("http://127.0.0.1:" + port).ttl(Duration.ofSeconds(1))
                .timeout(Duration.ofSeconds(1)).build()) {
            Registration reg = owner.register("orders", "late", new InstanceRequest("127.0.0.1", 9002, List.of(),
                    Map.of(), 100));
            assertThat(reg.isRegistered()).isFalse();
            try (ServerProcess server = ServerProcess.start(dir.resolve("node"), port, START, "--partitions", "1")) {
                await().atMost(Duration.ofSeconds(10)).until(reg::isRegistered);
                try (CairnClient probe = new CairnClient(server.address(), Duration.ofSeconds(5))) {
                    assertThat(probe.instance(null, "orders", "late").passing()).isTrue();
                }
            }
        }
    }

    static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
