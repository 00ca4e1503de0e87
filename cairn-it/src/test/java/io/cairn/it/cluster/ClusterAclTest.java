package io.cairn.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.api.LocalGroup;
import io.cairn.api.LocalReport;
import io.cairn.testkit.NodeCluster;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACLs on a real four-node cluster, whose metadata group has three members (docs/architecture.md:
 * three with three or four nodes), so the fourth node holds no metadata replica and learns the
 * access-control table from a member each second (ClusterNode.learnAcl). A token made through one
 * node works on every node, the fourth included, within a second; a write with it is forwarded to
 * the partition's leader carrying it; once revoked through another node it stops working on every
 * node within a second. Before the fourth node has learned a table it accepts no token. A
 * listing or service-list stream for a token that reads part of the namespace shows only that
 * part, with the same index, on every node (most gather it from other partitions' leaders).
 *
 * <p>One cluster for all of it, so that CI pays for one start (four JVMs on two cores).
 */
class ClusterAclTest {

    private static final String MANAGEMENT = "5f1c0e8a9d2b47c6a3e1f0d9b8c7a6e5";

    @TempDir
    Path dir;

    @Test
    void aTokenWorksEverywhereAndARevokedOneStopsEverywhereWithinASecond() throws Exception {
        try (NodeCluster cluster = NodeCluster.startWithAcl(dir, 3, MANAGEMENT, "--partitions", "4")) {
            // The fourth node, outside the metadata group. From its first answer on, it must
            // refuse every token until it has learned the table (fail closed), then take them.
            NodeCluster.Node outsider = cluster.add(List.of("--join", cluster.node(0).hostPort()));
            List<Integer> firstAnswers = java.util.Collections.synchronizedList(new ArrayList<>());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
                int s = status(cluster, outsider, "/v1/acl/token/self", MANAGEMENT);
                firstAnswers.add(s);
                return s == 200;
            });
            // Only "not up" (-1), "unknown token" (401) or "not ready" (503) before the first 200;
            // and 401 was seen: the node serves HTTP (the launch waits for that) before it has
            // joined and learned the table in its next refresh round, a window of about a second.
            assertThat(firstAnswers.subList(0, firstAnswers.size() - 1)).allMatch(s -> s == -1 || s == 401 || s == 503)
                    .contains(401);
            cluster.awaitConverged(Duration.ofSeconds(120));
            assertOutsideTheMetadataGroup(cluster, outsider);

            // No token: 401 on every node, cluster endpoints included.
            for (NodeCluster.Node n : cluster.nodes()) {
                assertThat(send(cluster, n, "GET", "/v1/cluster/members", null, null).statusCode()).isEqualTo(401);
            }
            assertThat(send(cluster, cluster.node(0), "PUT", "/v1/acl/policies/web-writer",
                    "{\"rules\":[{\"namespace\":\"default\",\"service\":\"web*\",\"access\":\"write\"}]}", MANAGEMENT)
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> made = send(cluster, cluster.node(0), "POST", "/v1/acl/tokens",
                    "{\"description\":\"web\",\"policies\":[\"web-writer\"]}", MANAGEMENT);
            assertThat(made.statusCode()).isEqualTo(200);
            JsonNode token = cluster.json().readTree(made.body());
            String secret = token.get("secret").asText();

            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                    cluster.nodes().stream().allMatch(n -> status(cluster, n, "/v1/acl/token/self", secret) == 200));
            for (NodeCluster.Node n : cluster.nodes()) {
                // Wherever it lands, the write reaches its leader with the caller's token.
                assertThat(send(cluster, n, "PUT", "/v1/services/web/instances/w" + n.index(),
                        "{\"address\":\"10.0.0.1\",\"port\":80}", secret).statusCode()).isEqualTo(200);
                assertThat(send(cluster, n, "PUT", "/v1/services/billing/instances/b1",
                        "{\"address\":\"10.0.0.1\",\"port\":80}", secret).statusCode()).isEqualTo(403);
            }

            listingsAreFilteredOnEveryNode(cluster, outsider, secret);

            HttpResponse<String> revoked = send(cluster, cluster.node(2), "DELETE",
                    "/v1/acl/tokens/" + token.get("accessorId").asText(), null, MANAGEMENT);
            assertThat(revoked.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                    cluster.nodes().stream().allMatch(n -> status(cluster, n, "/v1/acl/token/self", secret) == 401));
            for (NodeCluster.Node n : cluster.nodes()) {
                assertThat(send(cluster, n, "GET", "/v1/services/web", null, secret).statusCode()).isEqualTo(401);
                assertThat(send(cluster, n, "GET", "/v1/services/web", null, MANAGEMENT).statusCode()).isEqualTo(200);
            }
        }
    }

    /**
     * The token reads web* only. Every node, including those that hold only some partitions and
     * gather the listing from the other partitions' leaders with the caller's token, lists only
     * web* with the same index (the sum of their revisions), and the service-list stream on the
     * fourth node is not sent again for a change of a service the token may not read.
     */
    private static void listingsAreFilteredOnEveryNode(NodeCluster cluster, NodeCluster.Node outsider, String secret)
            throws Exception {
        LocalReport own = cluster.get(outsider, "/v1/cluster/local", LocalReport.class);
        assertThat(own.groups().stream().filter(g -> g.partition() >= 0).count()).as("holds only some partitions")
                .isLessThan(4);
        assertThat(send(cluster, cluster.node(0), "PUT", "/v1/services/billing/instances/b1",
                "{\"address\":\"10.0.0.2\",\"port\":80}", MANAGEMENT).statusCode()).isEqualTo(200);
        // Followers' replicas trail their leaders by a moment: the nodes agree once they caught up.
        java.util.Set<String> indexes = new java.util.HashSet<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            indexes.clear();
            for (NodeCluster.Node n : cluster.nodes()) {
                HttpResponse<String> listing = send(cluster, n, "GET", "/v1/services", null, secret);
                assertThat(listing.statusCode()).isEqualTo(200);
                JsonNode services = cluster.json().readTree(listing.body()).get("services");
                long sum = 0;
                for (JsonNode svc : services) {
                    assertThat(svc.get("name").asText()).startsWith("web");
                    sum += svc.get("revision").asLong();
                }
                String index = listing.headers().firstValue("X-Cairn-Index").orElseThrow();
                assertThat(Long.parseLong(index)).isEqualTo(sum);
                indexes.add(index);
            }
            assertThat(indexes).hasSize(1);
        });
        HttpRequest open = HttpRequest.newBuilder(java.net.URI.create(outsider.address() + "/v1/watch/services"))
                .header("Authorization", "Bearer " + secret).GET().build();
        try (io.cairn.testkit.SseStream s = io.cairn.testkit.SseStream.open(open)) {
            io.cairn.testkit.SseStream.Event first = s.next(Duration.ofSeconds(10));
            assertThat(first.id()).isEqualTo(indexes.iterator().next());
            assertThat(send(cluster, cluster.node(0), "PUT", "/v1/services/billing/instances/b2",
                    "{\"address\":\"10.0.0.2\",\"port\":80}", MANAGEMENT).statusCode()).isEqualTo(200);
            assertThat(send(cluster, cluster.node(0), "PUT", "/v1/services/web-late/instances/l1",
                    "{\"address\":\"10.0.0.1\",\"port\":80}", secret).statusCode()).isEqualTo(200);
            io.cairn.testkit.SseStream.Event next = s.next(Duration.ofSeconds(10));
            assertThat(next.data()).contains("web-late").doesNotContain("billing");
        }
    }

    /**
     * The node holds no replica of the metadata group (partition -1 in its report), no metadata
     * member names it as a voter, and it cannot serve the table it learns.
     */
    private static void assertOutsideTheMetadataGroup(NodeCluster cluster, NodeCluster.Node outsider)
            throws Exception {
        LocalReport own = cluster.get(outsider, "/v1/cluster/local", LocalReport.class);
        assertThat(own.groups()).noneMatch(g -> g.partition() == -1);
        for (NodeCluster.Node n : cluster.nodes()) {
            if (n != outsider) {
                LocalReport r = cluster.get(n, "/v1/cluster/local", LocalReport.class);
                LocalGroup meta = r.groups().stream().filter(g -> g.partition() == -1).findFirst().orElseThrow();
                assertThat(meta.peers()).hasSize(3).doesNotContain(own.node());
            }
        }
        assertThat(send(cluster, outsider, "GET", "/v1/cluster/acl", null, MANAGEMENT).statusCode()).isEqualTo(503);
    }

    private static int status(NodeCluster cluster, NodeCluster.Node n, String path, String token) {
        try {
            return send(cluster, n, "GET", path, null, token).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpResponse<String> send(NodeCluster cluster, NodeCluster.Node n, String method, String path,
            String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(n.address() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return cluster.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
