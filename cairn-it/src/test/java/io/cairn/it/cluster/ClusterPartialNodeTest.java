package io.cairn.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.ClusterPartition;
import io.cairn.api.ClusterPartitions;
import io.cairn.api.NodeStatus;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import io.cairn.testkit.NodeCluster;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that holds only some partitions (two nodes, one replica per partition, so each holds
 * half) answers blocking list reads and namespace streams over every partition: its own through
 * its watch loop, the others' through their leaders.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPartialNodeTest {

    private static final int PARTITIONS = 4;

    @TempDir
    static Path dir;

    private static NodeCluster cluster;
    private static Set<Integer> held;

    @BeforeAll
    static void start() throws Exception {
        // Keep-alive ticks every second: a stream notices within a second that its replica moved.
        cluster = NodeCluster.start(dir, 2, "--partitions", Integer.toString(PARTITIONS), "--replication", "1",
                "--watch-keepalive", "1s");
        held = held(cluster, cluster.node(0));
        assertThat(held).as("node 0 holds only some partitions").isNotEmpty().hasSizeLessThan(PARTITIONS);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aBlockingListReadOnAPartialNodeWakesForAChangeInAnyPartitionAndOnlyThen() throws Exception {
        NodeCluster.Node node = cluster.node(0);
        String local = serviceIn(held, true, "list-");
        String remote = serviceIn(held, false, "list-");
        assertThat(ClusterFormationTest.put(cluster, node, local, "a")).isEqualTo(200);
        assertThat(ClusterFormationTest.put(cluster, node, remote, "a")).isEqualTo(200);

        long index = index(get(cluster, node, "/v1/services"));
        // Nothing changes (a write to another namespace is nothing to this read): it waits it out.
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> quiet = getAsync(cluster, node,
                "/v1/services?index=" + index + "&wait=2s");
        assertThat(put(cluster, node, remote, "other-ns", "b")).isEqualTo(200);
        HttpResponse<String> timedOut = quiet.get(20, TimeUnit.SECONDS);
        assertThat(timedOut.statusCode()).as(timedOut.body()).isEqualTo(200);
        assertThat(index(timedOut)).isEqualTo(index);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not woken for nothing")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        // A change in a partition another node holds wakes it, long before its wait ends.
        CompletableFuture<HttpResponse<String>> remoteWake = getAsync(cluster, node,
                "/v1/services?index=" + index + "&wait=60s");
        assertThat(ClusterFormationTest.put(cluster, cluster.node(1), remote, "c")).isEqualTo(200);
        HttpResponse<String> woken = remoteWake.get(20, TimeUnit.SECONDS);
        assertThat(index(woken)).isGreaterThan(index);
        assertThat(woken.body()).contains("\"name\":\"" + remote + "\",\"instances\":2");

        // And so does a change in one of its own partitions.
        long next = index(woken);
        CompletableFuture<HttpResponse<String>> localWake = getAsync(cluster, node,
                "/v1/services?index=" + next + "&wait=60s");
        assertThat(ClusterFormationTest.put(cluster, cluster.node(1), local, "d")).isEqualTo(200);
        HttpResponse<String> localWoken = localWake.get(20, TimeUnit.SECONDS);
        assertThat(index(localWoken)).isGreaterThan(next);
        assertThat(localWoken.body()).contains("\"name\":\"" + local + "\",\"instances\":2");
        // Every node gives the same index for the same state.
        assertThat(index(get(cluster, cluster.node(1), "/v1/services"))).isEqualTo(index(localWoken));
    }

    /** The partitions {@code node} holds a replica of. */
    static Set<Integer> held(NodeCluster cluster, NodeCluster.Node node) throws Exception {
        String id = cluster.get(node, "/v1/status", NodeStatus.class).node();
        Set<Integer> out = new HashSet<>();
        for (ClusterPartition p : cluster.get(node, "/v1/cluster/partitions", ClusterPartitions.class).partitions()) {
            if (p.replicas().stream().anyMatch(r -> r.node().equals(id))) {
                out.add(p.partition());
            }
        }
        return out;
    }

    @Test
    void aNamespaceStreamOnAPartialNodeCarriesEveryPartitionAndResumesOnAnyNode() throws Exception {
        NodeCluster.Node node = cluster.node(0);
        String local = serviceIn(held, true, "stream-");
        String remote = serviceIn(held, false, "stream-");
        assertThat(ClusterFormationTest.put(cluster, node, local, "a")).isEqualTo(200);
        assertThat(ClusterFormationTest.put(cluster, node, remote, "a")).isEqualTo(200);

        List<SseEvent> first = new CopyOnWriteArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        try (EventReader stream = EventReader.open(cluster, node, "/v1/watch", null, first)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(first).as("%s", first)
                    .extracting(SseEvent::name).contains("synced"));
            List<String> before = first.stream().takeWhile(e -> !e.name().equals("synced"))
                    .filter(e -> e.name().equals("state")).map(e -> service(e.id())).toList();
            assertThat(before).as("the initial state of every partition's services, then synced: %s", first)
                    .contains(local, remote);
            assertThat(first.stream().filter(e -> e.name().equals("synced"))).hasSize(1);

            assertThat(ClusterFormationTest.put(cluster, cluster.node(1), remote, "b")).isEqualTo(200);
            assertThat(ClusterFormationTest.put(cluster, cluster.node(1), local, "b")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(first).as("%s", first)
                    .filteredOn(e -> e.name().equals("registered") && e.data().contains("\"id\":\"b\""))
                    .extracting(e -> service(e.id())).containsExactlyInAnyOrder(local, remote));
            for (SseEvent e : first) {
                if (e.id() != null) {
                    seen.put(service(e.id()), Long.parseLong(e.id().substring(e.id().lastIndexOf(':') + 1)));
                }
            }
        }
        // A change while nobody watched; the client resumes on the other node, and on this one,
        // from what it last saw of each service: it gets exactly the change it missed.
        assertThat(ClusterFormationTest.put(cluster, cluster.node(1), remote, "c")).isEqualTo(200);
        String since = local + ":" + seen.get(local) + "," + remote + ":" + seen.get(remote);
        for (NodeCluster.Node n : cluster.nodes()) {
            List<SseEvent> resumed = new CopyOnWriteArrayList<>();
            try (EventReader stream = EventReader.open(cluster, n, "/v1/watch?since=" + since, null, resumed)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> resumed.stream()
                        .anyMatch(e -> e.name().equals("synced")));
                List<SseEvent> about = resumed.stream().filter(e -> e.id() != null
                        && (service(e.id()).equals(local) || service(e.id()).equals(remote))).toList();
                assertThat(about).as("node %s: %s", n.index(), resumed).singleElement().satisfies(e -> {
                    assertThat(e.name()).isEqualTo("registered");
                    assertThat(e.data()).contains("\"id\":\"c\"", "\"previous\":" + seen.get(remote));
                });
            }
            // Last-Event-ID, as a browser sends it, names the last event's service.
            List<SseEvent> byHeader = new CopyOnWriteArrayList<>();
            try (EventReader stream = EventReader.open(cluster, n, "/v1/watch", remote + ":" + seen.get(remote),
                    byHeader)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> byHeader.stream()
                        .anyMatch(e -> e.name().equals("synced")));
                assertThat(byHeader).as("node %s: %s", n.index(), byHeader)
                        .filteredOn(e -> e.id() != null && service(e.id()).equals(remote))
                        .singleElement().satisfies(e -> assertThat(e.data()).contains("\"id\":\"c\""));
            }
        }
    }

    private static String service(String id) {
        return id.substring(0, id.lastIndexOf(':'));
    }

    @Test
    void theServiceListStreamOnAPartialNodeFollowsEveryPartition() throws Exception {
        NodeCluster.Node node = cluster.node(0);
        String local = serviceIn(held, true, "liststream-");
        String remote = serviceIn(held, false, "liststream-");
        long last;
        List<SseEvent> events = new CopyOnWriteArrayList<>();
        try (EventReader stream = EventReader.open(cluster, node, "/v1/watch/services", null, events)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events).as("%s", events)
                    .extracting(SseEvent::name).contains("services"));
            long first = Long.parseLong(events.get(1).id());
            assertThat(first).isEqualTo(index(get(cluster, node, "/v1/services")));
            assertThat(ClusterFormationTest.put(cluster, cluster.node(1), remote, "a")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(e -> e.name().equals("services")
                    && Long.parseLong(e.id()) > first && e.data().contains("\"" + remote + "\"")));
            last = Long.parseLong(events.get(events.size() - 1).id());
        }
        // Resumed on the other node from the last index seen: no list until something changes.
        List<SseEvent> resumed = new CopyOnWriteArrayList<>();
        try (EventReader stream = EventReader.open(cluster, cluster.node(1), "/v1/watch/services",
                Long.toString(last), resumed)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !resumed.isEmpty());
            assertThat(ClusterFormationTest.put(cluster, node, local, "a")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> resumed.stream().anyMatch(e -> e.name().equals("services")));
            SseEvent firstList = resumed.stream().filter(e -> e.name().equals("services")).findFirst().orElseThrow();
            assertThat(Long.parseLong(firstList.id())).isGreaterThan(last);
            assertThat(firstList.data()).contains("\"" + local + "\"", "\"" + remote + "\"");
        }
    }

    /** Last: it adds a node, which moves replicas. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aStreamWhoseReplicaMovesAwayIsCutSoThatItsClientResumes() throws Exception {
        List<Set<Integer>> before = List.of(held(cluster, cluster.node(0)), held(cluster, cluster.node(1)));
        List<EventReader> streams = new java.util.ArrayList<>();
        try {
            for (NodeCluster.Node n : cluster.nodes()) {
                List<SseEvent> events = new CopyOnWriteArrayList<>();
                streams.add(EventReader.open(cluster, n, "/v1/watch", null, events));
                await().atMost(Duration.ofSeconds(20)).until(() -> events.stream()
                        .anyMatch(e -> e.name().equals("synced")));
            }
            cluster.add(List.of("--join", cluster.node(0).hostPort()));
            cluster.awaitConverged(Duration.ofSeconds(90));
            boolean moved = false;
            for (int i = 0; i < 2; i++) {
                Set<Integer> lost = new HashSet<>(before.get(i));
                lost.removeAll(held(cluster, cluster.node(i)));
                if (!lost.isEmpty()) {
                    moved = true;
                    EventReader stream = streams.get(i);
                    await("node " + i + " lost " + lost + ": its stream ends").atMost(Duration.ofSeconds(10))
                            .until(stream::ended);
                }
            }
            assertThat(moved).as("the third node took replicas from the first two").isTrue();
        } finally {
            streams.forEach(EventReader::close);
        }
    }

    /** One server-sent event. */
    record SseEvent(String name, String id, String data) {
    }

    /** Reads a stream's events into a list, on a thread of its own, until closed. */
    static final class EventReader implements AutoCloseable {

        private final CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response;
        private final Thread thread;

        private EventReader(CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response, Thread thread) {
            this.response = response;
            this.thread = thread;
        }

        static EventReader open(NodeCluster cluster, NodeCluster.Node node, String path, String lastEventId,
                List<SseEvent> into) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.address() + path));
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response = cluster.http()
                    .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
            Thread thread = new Thread(() -> {
                String[] event = new String[3];
                HttpResponse<java.util.stream.Stream<String>> r = response.join();
                // The status as an event of its own, so that a refused stream shows in the failure.
                into.add(new SseEvent("http-" + r.statusCode(), null, null));
                try {
                    r.body().forEach(line -> {
                        if (line.isEmpty()) {
                            if (event[0] != null) {
                                into.add(new SseEvent(event[0], event[1], event[2]));
                            }
                            event[0] = null;
                            event[1] = null;
                            event[2] = null;
                        } else if (line.startsWith("event: ")) {
                            event[0] = line.substring(7);
                        } else if (line.startsWith("id: ")) {
                            event[1] = line.substring(4);
                        } else if (line.startsWith("data: ")) {
                            event[2] = line.substring(6);
                        }
                    });
                } catch (java.io.UncheckedIOException e) {
                    // close() closed the body: the end of this reader, not of the test
                }
            }, "sse-reader");
            thread.setDaemon(true);
            thread.start();
            return new EventReader(response, thread);
        }

        /** True once the server ended the stream (or it was closed here). */
        boolean ended() {
            return !thread.isAlive();
        }

        @Override
        public void close() {
            response.thenAccept(r -> r.body().close());
            response.cancel(true);
            thread.interrupt();
        }
    }

    /** A service name of namespace {@code default} in one of {@code held} (or not in any). */
    static String serviceIn(Set<Integer> held, boolean inHeld, String prefix) {
        Partitioner partitioner = new Partitioner(PARTITIONS);
        for (int i = 0; ; i++) {
            String name = prefix + (inHeld ? "here-" : "there-") + i;
            if (held.contains(partitioner.partitionOf(new ServiceKey("default", name))) == inHeld) {
                return name;
            }
        }
    }

    static long index(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Long.parseLong(answer.headers().firstValue("X-Cairn-Index").orElseThrow());
    }

    private static int put(NodeCluster cluster, NodeCluster.Node node, String service, String ns, String id)
            throws Exception {
        return cluster.http().send(HttpRequest.newBuilder(URI.create(node.address() + "/v1/services/" + service
                + "/instances/" + id + "?ns=" + ns)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(15))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"10.1.0.1\",\"port\":8080}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static HttpResponse<String> get(NodeCluster cluster, NodeCluster.Node node, String path) throws Exception {
        return cluster.http().send(HttpRequest.newBuilder(URI.create(node.address() + path))
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> getAsync(NodeCluster cluster, NodeCluster.Node node,
            String path) {
        return cluster.http().sendAsync(HttpRequest.newBuilder(URI.create(node.address() + path))
                .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
