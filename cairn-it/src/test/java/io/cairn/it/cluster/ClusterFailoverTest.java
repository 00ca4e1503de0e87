package io.cairn.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ClusterMembers;
import io.cairn.api.ClusterPartition;
import io.cairn.api.ClusterPartitions;
import io.cairn.api.ServiceInstances;
import io.cairn.client.CairnClient;
import io.cairn.client.Endpoints;
import io.cairn.client.Watch;
import io.cairn.client.WatchOptions;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import io.cairn.testkit.NodeCluster;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes die under a write load sent through every node: nothing acknowledged is lost, writes
 * resume quickly, watchers on the dying nodes resume elsewhere without a gap, and a node that
 * never returns is replaced after the grace period.
 */
class ClusterFailoverTest {

    private static final int PARTITIONS = 4;
    /** How long a node holds a request whose partition has no leader (Forwarder.HOLD, docs/api.md). */
    private static final long HOLD_MILLIS = 4_000;
    private static final int SERVICES = 8;
    private static final int WRITERS = 6;
    /** Rounds of kill -9 and restart; the issue asks for at least 10. */
    private static final int KILL_ROUNDS = Integer.getInteger("cairn.it.killRounds", 10);

    @TempDir
    Path dir;

    @Test
    void killNineOfARandomNodeUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(dir, 3, "--partitions", Integer.toString(PARTITIONS))) {
            List<String> services = new ArrayList<>();
            for (int s = 0; s < SERVICES; s++) {
                services.add("svc-" + s);
            }
            List<String> addresses = new ArrayList<>();
            cluster.nodes().forEach(n -> addresses.add(n.address()));
            WatchedView watched = new WatchedView();
            WriteLedger ledger = new WriteLedger();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger failures = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> running = new ArrayList<>();
            List<Long> failoverMillis = Collections.synchronizedList(new ArrayList<>());
            Map<String, Long> refusedProbes = new java.util.LinkedHashMap<>(); // answer -> ms it took
            try (CairnClient client = new CairnClient(new Endpoints(addresses), Duration.ofSeconds(5),
                    new WatchOptions(Duration.ofMillis(100), Duration.ofMillis(500), 0.1, Duration.ofSeconds(30)));
                    Watch watch = client.watch(null, "svc-0", -1, watched)) {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    running.add(writers.submit(() -> write(cluster, writer, services, ledger, stop, failures)));
                }
                Random random = new Random(42);
                for (int round = 0; round < KILL_ROUNDS; round++) {
                    int acked = ledger.acknowledged();
                    await().atMost(Duration.ofSeconds(30)).until(() -> ledger.acknowledged() >= acked + 50);
                    int victim = random.nextInt(3);
                    cluster.kill9(victim);
                    long killed = System.nanoTime();
                    NodeCluster.Node survivor = cluster.node((victim + 1) % 3);
                    for (int p = 0; p < PARTITIONS; p++) {
                        String probe = probeService(p);
                        // Sent at once, the first probe is held by the survivor until its
                        // partition has a leader again, not refused with a 503: refused only if
                        // no leader came within the hold (4 s).
                        long sent = System.nanoTime();
                        int first = put(cluster, survivor, probe, "probe");
                        long firstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
                        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                                .until(() -> put(cluster, survivor, probe, "probe") == 200);
                        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                        failoverMillis.add(millis);
                        if (first != 200) {
                            refusedProbes.put("round " + round + ", partition " + p + ": " + first, firstMillis);
                        }
                    }
                    cluster.restart(victim);
                    cluster.awaitConverged(Duration.ofSeconds(120));
                }
                stop.set(true);
                writers.shutdown();
                assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                for (Future<?> f : running) {
                    f.get();
                }
                cluster.awaitConverged(Duration.ofSeconds(120));
                Map<String, ServiceInstances> state = cluster.assertReplicasEqual(services);
                ledger.assertExplains(state);
                // The watcher, moved between nodes by the kills, ends where the catalog is.
                ServiceInstances svc0 = state.get("svc-0");
                await().atMost(Duration.ofSeconds(30)).until(() -> watched.revision() == svc0.revision());
                Set<String> expected = new HashSet<>();
                svc0.instances().forEach(i -> expected.add(i.id()));
                assertThat(watched.ids()).isEqualTo(expected);
                assertThat(watch.terminated()).isNotDone();
            }
            Collections.sort(failoverMillis);
            long p99 = failoverMillis.get((int) Math.ceil(failoverMillis.size() * 0.99) - 1);
            System.out.printf("failover after kill -9: %d samples, p50 %d ms, p99 %d ms, max %d ms; %d acknowledged"
                    + " writes, %d failed attempts%n", failoverMillis.size(),
                    failoverMillis.get(failoverMillis.size() / 2), p99, failoverMillis.get(failoverMillis.size() - 1),
                    ledger.acknowledged(), failures.get());
            assertThat(p99).as("writes to every partition succeed again within 5 s of a kill (p99)")
                    .isLessThanOrEqualTo(5_000);
            // A refused first write must have been held the whole 4 s (no leader came), never
            // refused at once; and most partitions have a leader again well within the hold.
            assertThat(refusedProbes).as("first writes through a survivor after a kill that were refused, with how"
                    + " long each took").allSatisfy((probe, millis) -> assertThat(millis)
                    .isGreaterThanOrEqualTo(HOLD_MILLIS)).hasSizeLessThan(failoverMillis.size() / 2);
        }
    }

    @Test
    void aNodeThatNeverReturnsIsReplacedAfterTheGracePeriod() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(dir, 4, "--partitions", Integer.toString(PARTITIONS),
                "--member-grace", "3s")) {
            String victimId = cluster.get(cluster.node(3), "/v1/status", io.cairn.api.NodeStatus.class).node();
            assertThat(put(cluster, cluster.node(0), "svc-a", "before")).isEqualTo(200);
            cluster.kill9(3);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                ClusterMembers members = cluster.get(cluster.node(0), "/v1/cluster/members", ClusterMembers.class);
                assertThat(members.members()).filteredOn(m -> m.id().equals(victimId))
                        .allSatisfy(m -> assertThat(m.state()).isEqualTo("failed"));
            });
            cluster.awaitConverged(Duration.ofSeconds(120));
            for (ClusterPartition p : cluster.get(cluster.node(1), "/v1/cluster/partitions", ClusterPartitions.class)
                    .partitions()) {
                assertThat(p.replicas()).as("partition %s is back to 3 replicas", p.partition()).hasSize(3)
                        .noneMatch(r -> r.node().equals(victimId));
            }
            assertThat(put(cluster, cluster.node(2), "svc-a", "after")).isEqualTo(200);
            Map<String, ServiceInstances> state = cluster.assertReplicasEqual(List.of("svc-a"));
            assertThat(state.get("svc-a").instances()).extracting(i -> i.id()).containsExactlyInAnyOrder("before", "after");
        }
    }

    /** A service name whose key hashes to {@code partition}. */
    private static String probeService(int partition) {
        Partitioner partitioner = new Partitioner(PARTITIONS);
        for (int i = 0; ; i++) {
            if (partitioner.partitionOf(new ServiceKey("default", "probe-" + i)) == partition) {
                return "probe-" + i;
            }
        }
    }

    /** A writer: registers fresh instances and deregisters some, through a random node each time. */
    private static void write(NodeCluster cluster, int writer, List<String> services, WriteLedger ledger,
            AtomicBoolean stop, AtomicInteger failures) {
        Random random = new Random(writer);
        List<String[]> mine = new ArrayList<>();
        for (int i = 0; i < 100_000 && !stop.get(); i++) {
            NodeCluster.Node node = cluster.node(random.nextInt(cluster.nodes().size()));
            if (i % 3 == 2 && !mine.isEmpty()) {
                String[] target = mine.remove(random.nextInt(mine.size()));
                ledger.attemptDeregister(target[0], target[1]);
                if (send(cluster, node, "DELETE", target[0], target[1]) == 200) {
                    ledger.ackDeregister(target[0], target[1]);
                } else {
                    failures.incrementAndGet();
                }
                continue;
            }
            String service = services.get(random.nextInt(services.size()));
            String id = "w" + writer + "-" + i;
            ledger.attemptRegister(service, id);
            if (send(cluster, node, "PUT", service, id) == 200) {
                ledger.ackRegister(service, id);
                mine.add(new String[] {service, id});
            } else {
                failures.incrementAndGet();
            }
        }
    }

    private static int send(NodeCluster cluster, NodeCluster.Node node, String method, String service, String id) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.address() + "/v1/services/" + service
                    + "/instances/" + id)).timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json");
            b = method.equals("PUT")
                    ? b.PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"10.2.0.1\",\"port\":8080}"))
                    : b.DELETE();
            return cluster.http().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1; // the node is down or the connection broke: not acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int put(NodeCluster cluster, NodeCluster.Node node, String service, String id) {
        return send(cluster, node, "PUT", service, id);
    }
}
