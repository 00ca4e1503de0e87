package io.cairn.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ClusterMembers;
import io.cairn.api.ClusterPartition;
import io.cairn.api.ClusterPartitions;
import io.cairn.api.NodeStatus;
import io.cairn.api.ServiceInstances;
import io.cairn.testkit.NodeCluster;
import io.cairn.testkit.ServerProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single node with data grows into a cluster; any node answers any request; bad cluster input
 * is refused and changes nothing; more nodes take only their share.
 */
class ClusterFormationTest {

    @TempDir
    Path dir;

    @Test
    void aSingleNodeWithDataGrowsIntoAClusterThatServesThroughEveryNode() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(dir, 1, "--partitions", "4", "--member-grace", "5s")) {
            NodeCluster.Node first = cluster.node(0);
            List<String> services = new ArrayList<>();
            for (int s = 0; s < 12; s++) {
                services.add("svc-" + s);
                assertThat(put(cluster, first, "svc-" + s, "before")).isEqualTo(200);
            }
            // The last member may not leave: refused, and nothing changes.
            long epoch = cluster.get(first, "/v1/cluster/members", ClusterMembers.class).epoch();
            HttpResponse<String> leave = post(cluster, first, "/v1/cluster/leave", "");
            assertThat(leave.statusCode()).isEqualTo(409);
            assertThat(leave.body()).contains("last member");
            assertThat(cluster.get(first, "/v1/cluster/members", ClusterMembers.class).epoch()).isEqualTo(epoch);

            cluster.add(List.of("--join", first.hostPort()));
            cluster.add(List.of("--join", first.hostPort()));
            cluster.awaitConverged(Duration.ofSeconds(90));

            // The data written before the cluster existed is on every replica now.
            Map<String, ServiceInstances> state = cluster.assertReplicasEqual(services);
            for (String s : services) {
                assertThat(state.get(s).instances()).extracting(i -> i.id()).containsExactly("before");
            }
            ClusterMembers members = cluster.get(cluster.node(2), "/v1/cluster/members", ClusterMembers.class);
            assertThat(members.members()).hasSize(3).allSatisfy(m -> {
                assertThat(m.state()).isEqualTo("alive");
                assertThat(m.held()).containsExactly(0, 1, 2, 3);
            });
            Set<String> leaders = new HashSet<>();
            for (ClusterPartition p : cluster.get(cluster.node(1), "/v1/cluster/partitions", ClusterPartitions.class)
                    .partitions()) {
                assertThat(p.replicas()).hasSize(3);
                assertThat(p.leader()).isEqualTo(p.placement().get(0));
                leaders.add(p.leader());
            }
            assertThat(leaders).as("leadership spreads to the new nodes").hasSizeGreaterThan(1);

            // Writes and reads through every node, whoever leads.
            for (NodeCluster.Node n : cluster.nodes()) {
                for (String s : services) {
                    assertThat(put(cluster, n, s, "via-" + n.index())).isEqualTo(200);
                }
            }
            for (NodeCluster.Node n : cluster.nodes()) {
                for (String s : services) {
                    ServiceInstances read = cluster.json().readValue(
                            get(cluster, n, "/v1/services/" + s).body(), ServiceInstances.class);
                    assertThat(read.instances()).extracting(i -> i.id())
                            .containsExactlyInAnyOrder("before", "via-0", "via-1", "via-2");
                }
            }
            // A heartbeat batch naming every partition's instances, sent to one node, reaches each leader.
            StringBuilder batch = new StringBuilder("{\"instances\":[");
            for (int s = 0; s < services.size(); s++) {
                batch.append(s == 0 ? "" : ",").append("{\"service\":\"").append(services.get(s))
                        .append("\",\"id\":\"before\"}");
            }
            HttpResponse<String> beat = cluster.http().send(HttpRequest.newBuilder(
                    URI.create(cluster.node(1).address() + "/v1/heartbeat")).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(batch.append("]}").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(beat.statusCode()).isEqualTo(200);
            assertThat(beat.body()).contains("\"renewed\":0").contains("\"persistent\":[{");
            assertThat(cluster.json().readTree(beat.body()).get("persistent").size()).isEqualTo(services.size());

            cluster.awaitConverged(Duration.ofSeconds(30));
            cluster.assertReplicasEqual(services);
            // The metrics show the forwarding and the leadership moves that spread the leaders.
            long forwarded = 0;
            long leaderChanges = 0;
            for (NodeCluster.Node n : cluster.nodes()) {
                String metrics = get(cluster, n, "/metrics").body();
                forwarded += metric(metrics, "cairn_forwarded_requests_total");
                leaderChanges += metric(metrics, "cairn_raft_leader_changes_total");
                assertThat(metrics).contains("cairn_raft_follower_lag_entries");
            }
            assertThat(forwarded).isPositive();
            assertThat(leaderChanges).isPositive();
        }
    }

    private static long metric(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name);
    }

    @Test
    void badClusterInputIsRefusedAndChangesNothing() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(dir, 1, "--partitions", "4")) {
            NodeCluster.Node first = cluster.node(0);
            ClusterMembers before = cluster.get(first, "/v1/cluster/members", ClusterMembers.class);
            String self = before.members().get(0).id();

            HttpResponse<String> otherCount = post(cluster, first, "/v1/cluster/join",
                    "{\"id\":\"node-x\",\"http\":\"127.0.0.1:1\",\"raft\":\"127.0.0.1:2\",\"partitions\":8}");
            assertThat(otherCount.statusCode()).isEqualTo(409);
            assertThat(otherCount.body()).contains("8 partitions").contains("cluster 4");

            HttpResponse<String> duplicate = post(cluster, first, "/v1/cluster/join",
                    "{\"id\":\"" + self + "\",\"http\":\"127.0.0.1:1\",\"raft\":\"127.0.0.1:2\",\"partitions\":4}");
            assertThat(duplicate.statusCode()).isEqualTo(409);
            assertThat(duplicate.body()).contains("already a member");

            HttpResponse<String> badId = post(cluster, first, "/v1/cluster/join",
                    "{\"id\":\"../x\",\"http\":\"127.0.0.1:1\",\"raft\":\"127.0.0.1:2\",\"partitions\":4}");
            assertThat(badId.statusCode()).isEqualTo(400);
            assertThat(badId.body()).contains("\"field\":\"id\"");
            assertThat(post(cluster, first, "/v1/cluster/join", "{nope").statusCode()).isEqualTo(400);

            ClusterMembers after = cluster.get(first, "/v1/cluster/members", ClusterMembers.class);
            assertThat(after.epoch()).isEqualTo(before.epoch());
            assertThat(after.members()).hasSize(1);

            // A node whose join address answers nothing keeps retrying, says why, and is not ready.
            int closed;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            try (ServerProcess lost = ServerProcess.start(dir.resolve("lost"), Duration.ofSeconds(60), "--partitions",
                    "4", "--join", "127.0.0.1:" + closed)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(lost.log()).contains("event=join-retry").contains("127.0.0.1:" + closed));
                NodeStatus status = cluster.json().readValue(cluster.http().send(HttpRequest.newBuilder(
                        URI.create(lost.address() + "/v1/status")).build(), HttpResponse.BodyHandlers.ofString()).body(),
                        NodeStatus.class);
                assertThat(status.ready()).isFalse();
            }
            // A node with another partition count is refused by the cluster, and says so.
            try (ServerProcess other = ServerProcess.start(dir.resolve("other"), Duration.ofSeconds(60), "--partitions",
                    "8", "--join", first.hostPort())) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(other.log()).contains("event=join-refused").contains("partition count"));
            }
            assertThat(cluster.get(first, "/v1/cluster/members", ClusterMembers.class).members()).hasSize(1);
        }
    }

    @Test
    void nodesAddedUnderLoadTakeOnlyTheReplicasThePlacementGivesThem() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(dir, 3, "--partitions", "8")) {
            List<String> services = List.of("svc-0", "svc-1", "svc-2", "svc-3", "svc-4", "svc-5", "svc-6", "svc-7");
            WriteLedger ledger = new WriteLedger();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                running.add(writers.submit(() -> {
                    for (int i = 0; i < 100_000 && !stop.get(); i++) {
                        String service = services.get(i % services.size());
                        String id = "w" + writer + "-" + i;
                        ledger.attemptRegister(service, id);
                        if (put(cluster, cluster.node(i % 3), service, id) == 200) {
                            ledger.ackRegister(service, id);
                        }
                    }
                    return null;
                }));
            }
            for (int added = 0; added < 2; added++) {
                Map<Integer, Set<String>> before = replicas(cluster);
                Set<String> old = new HashSet<>();
                before.values().forEach(old::addAll);
                int acked = ledger.acknowledged();
                await().atMost(Duration.ofSeconds(30)).until(() -> ledger.acknowledged() > acked + 20);
                cluster.add(List.of("--join", cluster.node(0).hostPort()));
                cluster.awaitConverged(Duration.ofSeconds(120));
                ClusterMembers members = cluster.get(cluster.node(0), "/v1/cluster/members", ClusterMembers.class);
                String joined = members.members().stream().map(m -> m.id()).filter(id -> !old.contains(id))
                        .findFirst().orElseThrow();
                Map<Integer, Set<String>> after = replicas(cluster);
                int moved = 0;
                for (Map.Entry<Integer, Set<String>> e : after.entrySet()) {
                    Set<String> gained = new HashSet<>(e.getValue());
                    gained.removeAll(before.get(e.getKey()));
                    assertThat(gained).as("partition %s gains replicas only on the new node", e.getKey())
                            .isSubsetOf(Set.of(joined));
                    moved += gained.size();
                }
                int total = 8 * 3;
                int share = total / (old.size() + 1);
                assertThat(moved).as("the new node takes its share of %s replicas", total).isBetween(share, share + 1);
                assertThat(members.members()).filteredOn(m -> m.id().equals(joined))
                        .allSatisfy(m -> assertThat(m.led()).as("leadership spreads to the new node").isNotEmpty());
            }
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            for (java.util.concurrent.Future<?> f : running) {
                f.get();
            }
            cluster.awaitConverged(Duration.ofSeconds(60));
            Map<String, ServiceInstances> finalState = cluster.assertReplicasEqual(services);
            ledger.assertExplains(finalState);
            // With 5 nodes and 3 replicas no node holds every partition: the service list is
            // gathered from the partitions' leaders, and every node gives the same one.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Set<String> answers = new HashSet<>();
                for (NodeCluster.Node n : cluster.nodes()) {
                    HttpResponse<String> list = get(cluster, n, "/v1/services");
                    assertThat(list.statusCode()).as("list on node %s: %s", n.index(), list.body()).isEqualTo(200);
                    answers.add(list.headers().firstValue("X-Cairn-Index").orElseThrow() + " " + list.body());
                }
                assertThat(answers).hasSize(1);
                assertThat(answers.iterator().next()).contains("\"svc-0\"", "\"svc-7\"");
            });
            assertThat(get(cluster, cluster.node(4), "/v1/services?partition=99").statusCode()).isEqualTo(400);
            // The logical export is gathered the same way: every node gives the whole catalog.
            Set<String> exports = new HashSet<>();
            for (NodeCluster.Node n : cluster.nodes()) {
                HttpResponse<String> export = get(cluster, n, "/v1/export");
                assertThat(export.statusCode()).as("export on node %s: %s", n.index(), export.body()).isEqualTo(200);
                exports.add(export.body());
            }
            assertThat(exports).hasSize(1);
            long exported = java.util.regex.Pattern.compile("\"service\":\"svc-").matcher(exports.iterator().next())
                    .results().count();
            assertThat(exported).isEqualTo(finalState.values().stream().mapToLong(si -> si.instances().size()).sum());
        }
    }

    @Test
    void nodesStartedTogetherBootstrapOneClusterThatSurvivesAllBeingKilledAtOnce() throws Exception {
        try (NodeCluster cluster = NodeCluster.bootstrap(dir, 3, "--partitions", "4")) {
            ClusterMembers members = cluster.get(cluster.node(1), "/v1/cluster/members", ClusterMembers.class);
            assertThat(members.members()).hasSize(3).allSatisfy(m -> assertThat(m.state()).isEqualTo("alive"));
            List<String> services = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                services.add("svc-" + s);
                for (NodeCluster.Node n : cluster.nodes()) {
                    assertThat(put(cluster, n, "svc-" + s, "i" + n.index())).isEqualTo(200);
                }
            }
            for (int i = 0; i < 3; i++) {
                cluster.kill9(i);
            }
            // Restarted with the very flags of their first start (--bootstrap-expect, --join):
            // they rejoin the cluster they formed, and nothing acknowledged is missing.
            for (int i = 0; i < 3; i++) {
                cluster.restart(i);
            }
            cluster.awaitConverged(Duration.ofSeconds(120));
            Map<String, ServiceInstances> state = cluster.assertReplicasEqual(services);
            for (String s : services) {
                assertThat(state.get(s).instances()).extracting(i -> i.id()).containsExactlyInAnyOrder("i0", "i1", "i2");
            }
            assertThat(cluster.get(cluster.node(0), "/v1/cluster/members", ClusterMembers.class).members()).hasSize(3);
        }
    }

    private static Map<Integer, Set<String>> replicas(NodeCluster cluster) throws Exception {
        Map<Integer, Set<String>> out = new HashMap<>();
        for (ClusterPartition p : cluster.get(cluster.node(0), "/v1/cluster/partitions", ClusterPartitions.class)
                .partitions()) {
            Set<String> nodes = new HashSet<>();
            p.replicas().forEach(r -> nodes.add(r.node()));
            out.put(p.partition(), nodes);
        }
        return out;
    }

    static int put(NodeCluster cluster, NodeCluster.Node node, String service, String id) throws Exception {
        return cluster.http().send(HttpRequest.newBuilder(URI.create(node.address() + "/v1/services/" + service
                + "/instances/" + id)).header("Content-Type", "application/json").timeout(Duration.ofSeconds(15))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"10.1.0.1\",\"port\":8080}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpResponse<String> get(NodeCluster cluster, NodeCluster.Node node, String path) throws Exception {
        return cluster.http().send(HttpRequest.newBuilder(URI.create(node.address() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(NodeCluster cluster, NodeCluster.Node node, String path, String body)
            throws Exception {
        return cluster.http().send(HttpRequest.newBuilder(URI.create(node.address() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
