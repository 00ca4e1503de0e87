package io.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.client.Cairn;
import io.cairn.client.CairnClient;
import io.cairn.client.ServiceSnapshot;
import io.cairn.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry goes away for over a minute: lookups keep answering from the cache the whole time
 * while the staleness gauge grows, a newly started client finds its services in the cache
 * directory although the registry is still down, and when the registry returns both caches are
 * current again and see new changes.
 */
class ClientOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static List<String> ids(List<InstanceView> list) {
        return list.stream().map(InstanceView::id).sorted().toList();
    }

    @Test
    void lookupsContinueForAMinuteWithoutTheRegistryAndTheCacheDirectoryServesANewClient() throws Exception {
        Path data = dir.resolve("node");
        Path cacheDir = dir.resolve("cache");
        ServerProcess server = ServerProcess.start(data, Duration.ofSeconds(60), "--partitions", "2");
        int port = server.httpPort();
        String address = server.address();
        try (CairnClient writer = new CairnClient(address, Duration.ofSeconds(5));
                Cairn cairn = Cairn.builder().addresses(address).cacheDirectory(cacheDir).build()) {
            writer.register(null, "pay", "p1", new InstanceRequest("127.0.0.1", 9101, List.of(), Map.of(), 100));
            writer.register(null, "pay", "p2", new InstanceRequest("127.0.0.1", 9102, List.of(), Map.of(), 100));
            assertThat(ids(cairn.healthy("pay"))).containsExactly("p1", "p2");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(cacheDir.resolve("default/pay.json")));
            await().atMost(Duration.ofSeconds(5)).until(() -> cairn.staleness().isZero());

            assertThat(server.terminate(Duration.ofSeconds(20))).isEqualTo(143);
            // A lookup every 100 ms must answer both instances for the whole outage (bounded by atMost).
            java.util.concurrent.atomic.AtomicLong lookups = new java.util.concurrent.atomic.AtomicLong();
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                lookups.incrementAndGet();
                return ids(cairn.healthy("pay")).equals(List.of("p1", "p2"));
            });
            assertThat(lookups.get()).isGreaterThan(300);
            assertThat(cairn.staleness()).isGreaterThanOrEqualTo(OUTAGE.minusSeconds(2));

            // A new application instance starts while the registry is still down.
            long before = System.nanoTime();
            try (Cairn restarted = Cairn.builder().addresses(address).cacheDirectory(cacheDir).build()) {
                ServiceSnapshot fromDisk = restarted.snapshot("pay");
                assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
                assertThat(fromDisk.fromDisk()).isTrue();
                assertThat(ids(fromDisk.passing())).containsExactly("p1", "p2");
                assertThat(restarted.staleness()).isGreaterThanOrEqualTo(OUTAGE.minusSeconds(2));

                // The registry returns where the clients expect it; both caches become current.
                server = ServerProcess.start(data, port, Duration.ofSeconds(60), "--partitions", "2");
                await().atMost(Duration.ofSeconds(15)).until(() -> cairn.staleness().isZero()
                        && restarted.staleness().isZero());
                assertThat(restarted.snapshot("pay").fromDisk()).isFalse();
                try (CairnClient again = new CairnClient(address, Duration.ofSeconds(5))) {
                    again.register(null, "pay", "p3", new InstanceRequest("127.0.0.1", 9103, List.of(), Map.of(), 100));
                }
                await().atMost(Duration.ofSeconds(3)).until(() -> ids(cairn.healthy("pay")).contains("p3")
                        && ids(restarted.healthy("pay")).contains("p3"));
            }
        } finally {
            server.close();
        }
    }
}
