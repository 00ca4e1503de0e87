package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import io.cairn.testkit.SseStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random changes from concurrent writers, watched by a one-service stream and a
 * namespace stream that both hang up and reconnect (resuming by revision) every few hundred
 * events. Each rebuilds its view from the events alone, checks that every change follows the
 * one before it, and must end equal to the server's state at the same revision.
 */
class WatchOrderingTest {

    private static final List<String> SERVICES = List.of("ord-a", "ord-b", "ord-c", "ord-d");
    private static final long SEED = 20261122L;

    @TempDir
    Path dir;

    /** A client's view: per service, instance id to port, and the revision it reflects. */
    private static final class View {
        final Map<String, Map<String, Integer>> instances = new ConcurrentHashMap<>();
        final Map<String, Long> revisions = new ConcurrentHashMap<>();
        final AtomicReference<String> broken = new AtomicReference<>();

        void apply(String event, JsonNode data) {
            String service = data.get("service").asText();
            if (event.equals("state")) {
                Map<String, Integer> fresh = new ConcurrentHashMap<>();
                data.get("instances").forEach(i -> fresh.put(i.get("id").asText(), i.get("port").asInt()));
                instances.put(service, fresh);
                revisions.put(service, data.get("revision").asLong());
                return;
            }
            long previous = data.get("previous").asLong();
            long known = revisions.getOrDefault(service, 0L);
            if (previous != known) {
                broken.compareAndSet(null, service + ": event after " + previous + " but the view is at " + known);
            }
            Map<String, Integer> view = instances.computeIfAbsent(service, s -> new ConcurrentHashMap<>());
            JsonNode instance = data.get("instance");
            if (event.equals("deregistered")) {
                view.remove(instance.get("id").asText());
            } else {
                view.put(instance.get("id").asText(), instance.get("port").asInt());
            }
            revisions.put(service, data.get("revision").asLong());
        }
    }

    /** Follows a stream, hanging up after {@code perConnection} events and resuming, until stopped. */
    private static void follow(TestServer server, String path, boolean multi, View view, int perConnection,
            AtomicBoolean stop, int[] reconnects) {
        while (!stop.get()) {
            String since = since(view, multi, path);
            URI uri = server.uri(path + (since == null ? "" : (path.contains("?") ? "&" : "?") + "since=" + since));
            try (SseStream stream = SseStream.open(uri)) {
                int seen = 0;
                while (seen < perConnection && !stop.get()) {
                    SseStream.Event e = stream.nextOrEnd(Duration.ofMillis(200));
                    if (e == null && stream.ended().isDone()) {
                        break;
                    }
                    if (e != null && !e.name().equals("synced")) {
                        view.apply(e.name(), e.json());
                        seen++;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            reconnects[0]++;
        }
    }

    private static String since(View view, boolean multi, String path) {
        if (view.revisions.isEmpty()) {
            return null;
        }
        if (!multi) {
            return Long.toString(view.revisions.values().iterator().next());
        }
        StringJoiner all = new StringJoiner(",");
        view.revisions.forEach((service, revision) -> all.add(service + ":" + revision));
        return all.toString();
    }

    @Test
    void watchersRebuildTheServersStateExactlyAcrossReconnects() throws Exception {
        try (TestServer server = new TestServer(dir, 2).start()) {
            View single = new View();
            View namespace = new View();
            AtomicBoolean stop = new AtomicBoolean();
            int[] singleReconnects = {0};
            int[] namespaceReconnects = {0};
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> watchers = List.of(
                    pool.submit(() -> follow(server, "/v1/watch/services/ord-a", false, single, 300, stop,
                            singleReconnects)),
                    pool.submit(() -> follow(server, "/v1/watch?ns=default", true, namespace, 500, stop,
                            namespaceReconnects)));
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    Random random = new Random(SEED + writer);
                    for (int n = 0; n < 750; n++) {
                        String service = SERVICES.get(random.nextInt(SERVICES.size()));
                        String id = "w" + writer + "-" + random.nextInt(6);
                        HttpAnswer a = random.nextInt(4) == 0
                                ? server.delete("/v1/services/" + service + "/instances/" + id)
                                : server.put("/v1/services/" + service + "/instances/" + id,
                                        TestServer.json(Map.of("address", "10.0.0.1", "port", 1 + random.nextInt(60000))));
                        assertThat(a.status()).isIn(200, 404);
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(120, TimeUnit.SECONDS);
            }

            Map<String, Map<String, Integer>> truth = new HashMap<>();
            Map<String, Long> truthRevisions = new HashMap<>();
            for (String service : SERVICES) {
                HttpAnswer a = server.get("/v1/services/" + service);
                Map<String, Integer> content = new HashMap<>();
                a.json().get("instances").forEach(i -> content.put(i.get("id").asText(), i.get("port").asInt()));
                truth.put(service, content);
                truthRevisions.put(service, a.index());
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    single.revisions.getOrDefault("ord-a", -1L).equals(truthRevisions.get("ord-a"))
                    && SERVICES.stream().allMatch(s -> namespace.revisions.getOrDefault(s, -1L)
                            .equals(truthRevisions.get(s))));
            stop.set(true);
            watchers.forEach(w -> w.cancel(true));
            pool.shutdownNow();

            assertThat(single.broken.get()).isNull();
            assertThat(namespace.broken.get()).isNull();
            assertThat(single.instances.get("ord-a")).isEqualTo(truth.get("ord-a"));
            for (String service : SERVICES) {
                assertThat(namespace.instances.getOrDefault(service, Map.of())).as(service).isEqualTo(truth.get(service));
            }
            assertThat(singleReconnects[0]).as("the one-service watcher reconnected").isGreaterThanOrEqualTo(2);
            assertThat(namespaceReconnects[0]).as("the namespace watcher reconnected").isGreaterThanOrEqualTo(2);
        }
    }
}
