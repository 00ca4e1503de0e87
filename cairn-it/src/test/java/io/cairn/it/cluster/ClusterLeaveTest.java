package io.cairn.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ClusterMembers;
import io.cairn.api.ServiceInstances;
import io.cairn.cli.Main;
import io.cairn.core.partition.Partitioner;
import io.cairn.testkit.NodeCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful leave under load: SIGTERM with {@code --drain}, and {@code cairn leave}. The leaving
 * node's replicas and leaderships move first; writes through the staying nodes succeed (with at
 * most the documented single retry after a 503's Retry-After); the node then stops, its data
 * directory empty of partitions.
 */
class ClusterLeaveTest {

    private static final int PARTITIONS = 4;

    @TempDir
    Path dir;

    @Test
    void nodesLeaveUnderLoadWithoutFailingAWrite() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(dir, 3, "--partitions", Integer.toString(PARTITIONS))) {
            cluster.add(List.of("--join", cluster.node(0).hostPort(), "--drain"));
            cluster.awaitConverged(Duration.ofSeconds(120));
            WriteLedger ledger = new WriteLedger();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger failed = new AtomicInteger();
            Map<String, Integer> failures = new java.util.concurrent.ConcurrentSkipListMap<>();
            List<String> services = List.of("svc-0", "svc-1", "svc-2", "svc-3", "svc-4", "svc-5");
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                // Writers use nodes 0 and 1 only: those stay members throughout.
                running.add(writers.submit(() -> write(cluster, cluster.node(writer % 2), writer, services, ledger,
                        stop, failed, failures)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.acknowledged() > 100);

            // SIGTERM with --drain: the node moves everything away, then exits cleanly.
            String drainedId = cluster.get(cluster.node(3), "/v1/status", io.cairn.api.NodeStatus.class).node();
            // 143: the JVM reports SIGTERM in its exit status, whatever its shutdown hooks did
            assertThat(cluster.node(3).process().terminate(Duration.ofSeconds(150))).isEqualTo(143);
            assertThat(cluster.node(3).process().log()).contains("event=drain-done");
            assertThat(partitionGroupsIn(cluster.node(3).dataDir())).as("node log:\n%s", cluster.node(3).process().log())
                    .isEmpty();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    cluster.get(cluster.node(0), "/v1/cluster/members", ClusterMembers.class).members())
                    .noneMatch(m -> m.id().equals(drainedId)));

            // `cairn leave` on node 2: the CLI waits until it is gone, and the node stops by itself.
            int acked = ledger.acknowledged();
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.acknowledged() > acked + 50);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"leave", "--address", cluster.node(2).address(), "--wait", "150"},
                    new PrintWriter(out), new PrintWriter(err));
            assertThat(code).as("cairn leave: %s %s", out, err).isZero();
            assertThat(out.toString()).contains("left the cluster");
            // `cairn leave` returns once the member is gone from the metadata; the process then
            // closes its replicas and exits by itself, a moment later
            assertThat(cluster.node(2).process().awaitExit(Duration.ofSeconds(30))).isZero();
            assertThat(partitionGroupsIn(cluster.node(2).dataDir())).isEmpty();

            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            for (Future<?> f : running) {
                f.get();
            }
            assertThat(failed.get()).as("writes that failed even after one retry, by answer: %s", failures)
                    .isZero();
            cluster.awaitConverged(Duration.ofSeconds(60));
            Map<String, ServiceInstances> state = cluster.assertReplicasEqual(services);
            ledger.assertExplains(state);

            // The last two cannot both go: the last member is refused.
            StringWriter lastOut = new StringWriter();
            StringWriter lastErr = new StringWriter();
            assertThat(Main.run(new String[] {"leave", "--address", cluster.node(1).address(), "--wait", "150"},
                    new PrintWriter(lastOut), new PrintWriter(lastErr))).as("cairn leave: %s %s", lastOut, lastErr)
                    .isZero();
            assertThat(Main.run(new String[] {"leave", "--address", cluster.node(0).address(), "--wait", "0"},
                    new PrintWriter(new StringWriter()), new PrintWriter(lastErr))).isEqualTo(Main.REFUSED);
            assertThat(lastErr.toString()).contains("last member");
        }
    }

    /** The partition groups' folders in a node's Raft storage. */
    private static Set<String> partitionGroupsIn(Path dataDir) throws Exception {
        Set<String> partitionGroups = new java.util.HashSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitionGroups.add(UUID.nameUUIDFromBytes(("cairn-partition-" + p).getBytes()).toString());
        }
        try (Stream<Path> groups = Files.list(dataDir.resolve("raft"))) {
            return groups.map(g -> g.getFileName().toString()).filter(partitionGroups::contains)
                    .collect(Collectors.toSet());
        }
    }

    private static void write(NodeCluster cluster, NodeCluster.Node node, int writer, List<String> services,
            WriteLedger ledger, AtomicBoolean stop, AtomicInteger failed, Map<String, Integer> failures) {
        for (int i = 0; i < 100_000 && !stop.get(); i++) {
            String service = services.get(i % services.size());
            String id = "w" + writer + "-" + i;
            ledger.attemptRegister(service, id);
            Answer answer = put(cluster, node, service, id);
            if (answer.status() == 503) {
                pause(1_000); // the documented retry: once, after the answer's Retry-After (1 s)
                answer = put(cluster, node, service, id);
            }
            if (answer.status() == 200) {
                ledger.ackRegister(service, id);
            } else {
                failed.incrementAndGet();
                failures.merge(answer.status() + " " + answer.body(), 1, Integer::sum);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // a client honouring Retry-After, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Answer(int status, String body) {
    }

    private static Answer put(NodeCluster cluster, NodeCluster.Node node, String service, String id) {
        try {
            HttpResponse<String> r = cluster.http().send(HttpRequest.newBuilder(URI.create(node.address() + "/v1/services/" + service
                    + "/instances/" + id)).timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"10.3.0.1\",\"port\":8080}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (java.io.IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }
}
