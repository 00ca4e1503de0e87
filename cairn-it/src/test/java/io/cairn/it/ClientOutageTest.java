package io.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.client.Cairn;
import io.cairn.client.CairnClient;
import io.cairn.client.ServiceSnapshot;
import io.cairn.testkit.ManualTicker;
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
 * current again and see new changes. The clients run on a manual clock: the minute passes when
 * the test advances it (their retries, flushes and member refreshes fall due on the way), and
 * the staleness they report is exact.
 */
class ClientOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofMillis(100);

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
        ManualTicker clock = new ManualTicker();
        try (CairnClient writer = new CairnClient(address, Duration.ofSeconds(5));
                Cairn cairn = Cairn.builder().addresses(address).cacheDirectory(cacheDir).time(clock, clock).build()) {
            writer.register(null, "pay", "p1", new InstanceRequest("127.0.0.1", 9101, List.of(), Map.of(), 100));
            writer.register(null, "pay", "p2", new InstanceRequest("127.0.0.1", 9102, List.of(), Map.of(), 100));
            assertThat(ids(cairn.healthy("pay"))).containsExactly("p1", "p2");
            // The cache file is written 200 ms (of the client's clock) after a change.
            clock.advanceUntil(STEP, Duration.ofSeconds(5), () -> Files.exists(cacheDir.resolve("default/pay.json")));
            await().atMost(Duration.ofSeconds(5)).until(() -> cairn.staleness().isZero());

            assertThat(server.terminate(Duration.ofSeconds(20))).isEqualTo(143);
            // The cache notices the end of its stream: from then on it is stale.
            clock.advanceUntil(Duration.ofMillis(1), Duration.ofSeconds(5), () -> !cairn.staleness().isZero());
            Duration before = cairn.staleness();
            // A lookup every 100 ms of the outage answers both instances.
            for (Duration t = Duration.ZERO; t.compareTo(OUTAGE) < 0; t = t.plus(STEP)) {
                clock.advance(STEP);
                assertThat(ids(cairn.healthy("pay"))).as("after %s of outage", t).containsExactly("p1", "p2");
            }
            assertThat(cairn.staleness()).isEqualTo(before.plus(OUTAGE));

            // A new application instance starts while the registry is still down.
            long started = System.nanoTime();
            try (Cairn restarted = Cairn.builder().addresses(address).cacheDirectory(cacheDir).time(clock, clock)
                    .build()) {
                ServiceSnapshot fromDisk = restarted.snapshot("pay");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
                assertThat(fromDisk.fromDisk()).isTrue();
                assertThat(ids(fromDisk.passing())).containsExactly("p1", "p2");
                assertThat(restarted.staleness()).isGreaterThanOrEqualTo(OUTAGE);

                // The registry returns where the clients expect it; their watches retry within the
                // longest backoff (5 s, +50% jitter) of their clock, and both caches become current.
                server = ServerProcess.start(data, port, Duration.ofSeconds(60), "--partitions", "2");
                clock.advanceUntil(STEP, Duration.ofSeconds(30),
                        () -> cairn.staleness().isZero() && restarted.staleness().isZero());
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
