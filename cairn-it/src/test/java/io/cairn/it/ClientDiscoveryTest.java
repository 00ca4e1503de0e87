package io.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.api.CheckDefinition;
import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.api.WatchEvent;
import io.cairn.client.Cairn;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnClientException;
import io.cairn.client.InstanceQuery;
import io.cairn.testkit.ManualTicker;
import io.cairn.testkit.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery through the cache against a real node: the first lookup waits for the state, later
 * ones are memory reads that see each change within the watch latency, listeners hear every
 * change, health filters apply, a dead first address is failed over, and push-empty protection
 * holds back an emptied list until the registry confirms it.
 */
class ClientDiscoveryTest {

    @TempDir
    Path dir;

    private static InstanceRequest instance(int port, String... tags) {
        return new InstanceRequest("127.0.0.1", port, List.of(tags), Map.of("zone", port % 2 == 0 ? "a" : "b"), 100);
    }

    private static List<String> ids(List<InstanceView> list) {
        return list.stream().map(InstanceView::id).toList();
    }

    @Test
    void lookupsFollowEveryChangeFromTheCache() throws Exception {
        int dead = ClientRegistrationTest.freePort();
        try (ServerProcess server = ServerProcess.start(dir.resolve("node"), Duration.ofSeconds(60), "--partitions", "2");
                CairnClient writer = new CairnClient(server.address(), Duration.ofSeconds(5));
                Cairn cairn = Cairn.builder()
                        // the first address is dead: lookups and watches fail over to the live one
                        .addresses("http://127.0.0.1:" + dead, server.address()).build()) {
            writer.register(null, "web", "w1", instance(8001, "v1"));
            writer.register(null, "web", "w2", instance(8002, "v2"));

            assertThat(ids(cairn.instances("web"))).containsExactlyInAnyOrder("w1", "w2");
            List<WatchEvent> heard = new CopyOnWriteArrayList<>();
            cairn.listen("web", (snapshot, event) -> {
                if (event != null) {
                    heard.add(event);
                }
            });
            // Nothing changed: the very same list, no network.
            assertThat(cairn.healthy("web")).isSameAs(cairn.healthy("web"));

            long start = System.nanoTime();
            writer.register(null, "web", "w3", instance(8003, "v2"));
            await().atMost(Duration.ofSeconds(2)).until(() -> ids(cairn.instances("web")).contains("w3"));
            long seenMicros = (System.nanoTime() - start) / 1000;
            System.out.printf("ClientDiscoveryTest: a registration reached the cache %d us after it was sent%n",
                    seenMicros);

            writer.deregister(null, "web", "w1");
            await().atMost(Duration.ofSeconds(2)).until(() -> !ids(cairn.instances("web")).contains("w1"));
            assertThat(ids(cairn.instances("web", InstanceQuery.all().withTag("v2"))))
                    .containsExactlyInAnyOrder("w2", "w3");
            assertThat(ids(cairn.instances("web", InstanceQuery.all().withMeta("zone", "a")))).containsExactly("w2");

            // An instance with a check against nothing starts critical: listed, but not healthy.
            writer.register(null, "web", "w4", new InstanceRequest("127.0.0.1", dead, List.of(), Map.of(), 100, null,
                    null, null, List.of(new CheckDefinition("tcp", null, null, null, "1s", "500ms"))));
            await().atMost(Duration.ofSeconds(2)).until(() -> ids(cairn.instances("web")).contains("w4"));
            assertThat(ids(cairn.healthy("web"))).containsExactlyInAnyOrder("w2", "w3");
            assertThat(cairn.staleness()).isEqualTo(Duration.ZERO);
            await().atMost(Duration.ofSeconds(2)).until(() -> heard.size() >= 3);
            assertThat(heard).extracting(WatchEvent::kind).startsWith("registered", "deregistered", "registered");
            assertThat(heard).extracting(e -> e.instance().id()).startsWith("w3", "w1", "w4");
        }
    }

    /**
     * Push-empty protection, on the client's manual clock: the last passing instances go; the
     * cache keeps serving them, marked held and growing stale, until the confirmation time has
     * passed and a direct read confirms the registry really has none passing.
     */
    @Test
    void anEmptyListIsHeldUntilTheConfirmationTimeHasPassedThenServed() throws Exception {
        ManualTicker clock = new ManualTicker();
        try (ServerProcess server = ServerProcess.start(dir.resolve("node"), Duration.ofSeconds(60), "--partitions", "1");
                CairnClient writer = new CairnClient(server.address(), Duration.ofSeconds(5));
                Cairn cairn = Cairn.builder().addresses(server.address()).time(clock, clock)
                        .pushEmptyProtection(true, Duration.ofSeconds(30)).build()) {
            writer.register(null, "web", "w2", instance(8002));
            writer.register(null, "web", "w3", instance(8003));
            // An instance with a check against nothing starts critical: listed, but not healthy.
            writer.register(null, "web", "w4", new InstanceRequest("127.0.0.1", ClientRegistrationTest.freePort(),
                    List.of(), Map.of(), 100, null, null, null,
                    List.of(new CheckDefinition("tcp", null, null, null, "1s", "500ms"))));
            await().atMost(Duration.ofSeconds(5)).until(() -> ids(cairn.instances("web")).size() == 3
                    && ids(cairn.healthy("web")).size() == 2);

            writer.deregister(null, "web", "w2");
            await().atMost(Duration.ofSeconds(2)).until(() -> ids(cairn.healthy("web")).equals(List.of("w3")));
            writer.deregister(null, "web", "w3");
            await().atMost(Duration.ofSeconds(2)).until(() -> cairn.snapshot("web").held());
            assertThat(ids(cairn.snapshot("web").passing())).containsExactly("w3");

            // 29 s on the client's clock: still held, and exactly that stale.
            clock.advance(Duration.ofSeconds(29));
            await().atMost(Duration.ofSeconds(2)).until(() -> Duration.ofSeconds(29).equals(cairn.staleness("web")));
            assertThat(cairn.snapshot("web").held()).isTrue();
            assertThat(ids(cairn.healthy("web"))).containsExactly("w3");

            // The 30th second: the confirmation read finds nothing passing, and the empty list is served.
            clock.advance(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> !cairn.snapshot("web").held());
            assertThat(cairn.healthy("web")).isEmpty();
            assertThat(ids(cairn.instances("web"))).containsExactly("w4");
            assertThat(cairn.staleness("web")).isZero();
            // and a passing instance coming back shows at once
            writer.register(null, "web", "w5", instance(8005));
            await().atMost(Duration.ofSeconds(2)).until(() -> ids(cairn.healthy("web")).equals(List.of("w5")));
        }
    }

    @Test
    void aFlappingEmptyListIsNeverServedWhenInstancesComeBackBeforeConfirmation() throws Exception {
        // The client's clock stands still: the confirmation cannot fall due, however slow the machine.
        ManualTicker clock = new ManualTicker();
        try (ServerProcess server = ServerProcess.start(dir.resolve("node"), Duration.ofSeconds(60), "--partitions", "1");
                CairnClient writer = new CairnClient(server.address(), Duration.ofSeconds(5));
                Cairn cairn = Cairn.builder().addresses(server.address()).time(clock, clock)
                        .pushEmptyProtection(true, Duration.ofSeconds(3)).build()) {
            writer.register(null, "api", "a1", instance(9001));
            assertThat(ids(cairn.healthy("api"))).containsExactly("a1");
            List<Integer> sizes = new CopyOnWriteArrayList<>();
            cairn.listen("api", (snapshot, event) -> sizes.add(snapshot.passing().size()));
            writer.deregister(null, "api", "a1");
            await().atMost(Duration.ofSeconds(2)).until(() -> cairn.snapshot("api").held());
            writer.register(null, "api", "a2", instance(9002));
            await().atMost(Duration.ofSeconds(2)).until(() -> ids(cairn.healthy("api")).equals(List.of("a2")));
            assertThat(cairn.snapshot("api").held()).isFalse();
            assertThat(sizes).doesNotContain(0);
        }
    }

    @Test
    void oneThreadAndOneStreamServeEveryWatchedService() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("node"), Duration.ofSeconds(60), "--partitions", "2");
                CairnClient writer = new CairnClient(server.address(), Duration.ofSeconds(5));
                Cairn cairn = Cairn.builder().addresses(server.address()).build()) {
            for (int s = 0; s < 50; s++) {
                writer.register(null, "svc-" + s, "i", instance(9000 + s));
            }
            for (int s = 0; s < 50; s++) {
                assertThat(cairn.healthy("svc-" + s)).hasSize(1);
            }
            long cairnThreads = Thread.getAllStackTraces().keySet().stream()
                    // this client's thread is named after its (only) address, unique to this node
                    .filter(t -> t.getName().equals("cairn-watch-127.0.0.1:" + server.httpPort())).count();
            assertThat(cairnThreads).isEqualTo(1);
            // ... and one event stream at the registry for all fifty (the registry counts streams).
            await().atMost(Duration.ofSeconds(5)).until(() -> watchStreams(server.address()) == 1);
            writer.deregister(null, "svc-49", "i");
            writer.register(null, "svc-49", "j", instance(9100));
            await().atMost(Duration.ofSeconds(5)).until(() -> ids(cairn.healthy("svc-49")).equals(List.of("j")));
        }
    }

    private static long watchStreams(String address) throws Exception {
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(address + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^cairn_watchers (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("cairn_watchers in /metrics").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void aServiceNameTheRegistryRefusesIsAClearError() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("node"), Duration.ofSeconds(60), "--partitions", "1");
                Cairn cairn = Cairn.builder().addresses(server.address()).build()) {
            assertThatThrownBy(() -> cairn.instances("no spaces allowed"))
                    .isInstanceOfSatisfying(CairnClientException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }
}
