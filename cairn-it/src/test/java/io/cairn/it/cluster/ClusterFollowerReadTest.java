package io.cairn.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.testkit.NodeCluster;
import io.cairn.testkit.SseStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Default reads on a node that holds a follower replica of the service's partition are answered
 * by that replica when it has applied what the leader had, else forwarded (docs/api.md, "Requests
 * in a cluster"), with the leader's guarantee either way: a read begun after a write was
 * acknowledged, through any node, sees it, and so does the namespace's listing; a watch on the
 * follower gets each lone write within milliseconds; and when the leader dies the read falls back
 * to the forwarding path, which holds it until there is a new leader.
 */
class ClusterFollowerReadTest {

    private static final int PARTITIONS = 4;
    private static final int ROUNDS = 150;
    private static final Pattern FOLLOWER_READS = Pattern.compile("(?m)^cairn_follower_reads_total(?:\\{[^}]*})? (\\S+)$");

    @TempDir
    Path dir;

    @Test
    void aReadThroughAFollowerSeesEveryWriteAcknowledgedBeforeItBeganAndIsAnsweredThereOnceCaughtUp() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(dir, 3, "--partitions", Integer.toString(PARTITIONS))) {
            cluster.awaitConverged(Duration.ofSeconds(60));
            int leader = PartitionLeaders.nodeLeading(cluster, PARTITIONS, "orders");
            NodeCluster.Node writer = cluster.node((leader + 1) % 3);
            NodeCluster.Node reader = cluster.node((leader + 2) % 3);

            List<String> misses = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                String id = "o-" + i;
                // Acknowledged through one follower (it forwards the write to the leader) ...
                HttpResponse<String> put = send(cluster, cluster.request(writer, "/v1/services/orders/instances/" + id)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"10.1.0.1\",\"port\":" + (1000 + i) + "}")));
                assertThat(put.statusCode()).as("write %s: %s", id, put.body()).isEqualTo(200);
                long written = Long.parseLong(put.headers().firstValue("X-Cairn-Index").orElseThrow());
                // ... then read at once through the other: the write must be there.
                HttpResponse<String> one = send(cluster, cluster.request(reader, "/v1/services/orders/instances/" + id).GET());
                HttpResponse<String> all = send(cluster, cluster.request(reader, "/v1/services/orders").GET());
                JsonNode service = cluster.json().readTree(all.body());
                long index = Long.parseLong(all.headers().firstValue("X-Cairn-Index").orElse("0"));
                if (one.statusCode() != 200 || all.statusCode() != 200 || index < written
                        || service.get("instances").size() != i + 1) {
                    misses.add(id + ": instance " + one.statusCode() + ", service " + all.statusCode() + " at " + index
                            + " < " + written + "? " + all.body());
                }
                assertThat(all.headers().firstValue("X-Cairn-Last-Contact")).as("a default read is not a stale one")
                        .isEmpty();
                // The namespace's listing too: the follower's replica of the partition trails
                // after the write, so that part comes from the leader.
                HttpResponse<String> listing = send(cluster, cluster.request(reader, "/v1/services").GET());
                JsonNode orders = null;
                for (JsonNode summary : cluster.json().readTree(listing.body()).get("services")) {
                    if (summary.get("name").asText().equals("orders")) {
                        orders = summary;
                    }
                }
                if (listing.statusCode() != 200 || orders == null || orders.get("instances").asInt() != i + 1) {
                    misses.add(id + ": listing " + listing.statusCode() + " " + listing.body());
                }
            }
            assertThat(misses).as("reads through a follower that missed an acknowledged write").isEmpty();

            // The Consul-compatible read of one service takes the same path.
            HttpResponse<String> consul = send(cluster, cluster.request(reader, "/v1/catalog/service/orders").GET());
            assertThat(consul.statusCode()).isEqualTo(200);
            assertThat(cluster.json().readTree(consul.body())).hasSize(ROUNDS);

            // Once the follower has learned that the writes are committed (with the leader's next
            // heartbeat at the latest), its reads are answered by its own replica, not forwarded.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            double served;
            do {
                double before = followerReads(cluster, reader);
                for (int i = 0; i < 20; i++) {
                    HttpResponse<String> read = send(cluster, cluster.request(reader, "/v1/services/orders").GET());
                    assertThat(cluster.json().readTree(read.body()).get("instances")).hasSize(ROUNDS);
                }
                served = followerReads(cluster, reader) - before;
            } while (served < 20 && System.nanoTime() < deadline);
            assertThat(served).as("of 20 reads of a partition without new writes, those its follower answered")
                    .isEqualTo(20);
            assertThat(followerReads(cluster, cluster.node(leader))).as("the leader answers its own reads")
                    .isZero();

            // A watch served by the follower's replica gets each lone write at once: the leader
            // tells its followers of a commit when writes pause (docs/architecture.md, "Commit
            // notices"), rather than with its next heartbeat, half an election timeout (500 ms)
            // away, as Ratis alone would.
            try (SseStream watch = SseStream.open(cluster.request(reader, "/v1/watch/services/orders").GET().build())) {
                assertThat(watch.next(Duration.ofSeconds(10)).name()).isEqualTo("state");
                long[] millis = new long[10];
                for (int i = 0; i < millis.length; i++) {
                    HttpResponse<String> put = send(cluster, cluster.request(writer, "/v1/services/orders/instances/o-0")
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"10.1.0.1\",\"port\":" + (2000 + i) + "}")));
                    long answered = System.nanoTime();
                    assertThat(put.statusCode()).as("%s", put.body()).isEqualTo(200);
                    SseStream.Event event = watch.next(Duration.ofSeconds(10));
                    assertThat(event).as("change %d on the follower's watch", i).isNotNull();
                    assertThat(event.data()).contains("\"port\":" + (2000 + i));
                    millis[i] = Math.max(0, event.atNanos() - answered) / 1_000_000;
                }
                long[] sorted = millis.clone();
                Arrays.sort(sorted);
                assertThat(sorted[sorted.length / 2]).as("median ms from a write's answer to the follower's watcher: %s",
                        Arrays.toString(millis)).isLessThan(200);
            }

            // The leader dies: the follower's question fails, and the read falls back to the
            // forwarding path, which holds it until the partition has a new leader (at most 4 s);
            // the listing, whose part of that partition cannot be had meanwhile, is held the same way.
            cluster.kill9(leader);
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> service = sendAsync(cluster, reader, "/v1/services/orders");
            CompletableFuture<HttpResponse<String>> listing = sendAsync(cluster, reader, "/v1/services");
            HttpResponse<String> held = service.get(30, TimeUnit.SECONDS);
            long serviceMillis = (System.nanoTime() - start) / 1_000_000;
            HttpResponse<String> heldListing = listing.get(30, TimeUnit.SECONDS);
            long listingMillis = (System.nanoTime() - start) / 1_000_000;
            if (held.statusCode() == 503) {
                assertThat(serviceMillis).as("a 503 comes only after the whole hold: %s", held.body())
                        .isGreaterThanOrEqualTo(3_900);
                held = await(cluster, reader, "/v1/services/orders");
            }
            assertThat(held.statusCode()).as("%s", held.body()).isEqualTo(200);
            assertThat(cluster.json().readTree(held.body()).get("instances")).hasSize(ROUNDS);
            if (heldListing.statusCode() == 503) {
                assertThat(listingMillis).as("a 503 comes only after the whole hold: %s", heldListing.body())
                        .isGreaterThanOrEqualTo(3_900);
                heldListing = await(cluster, reader, "/v1/services");
            }
            assertThat(heldListing.statusCode()).as("%s", heldListing.body()).isEqualTo(200);
            assertThat(heldListing.body()).contains("{\"name\":\"orders\",\"instances\":" + ROUNDS + ",");
        }
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(NodeCluster cluster, NodeCluster.Node node,
            String path) {
        return cluster.http().sendAsync(cluster.request(node, path).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The read, retried while it answers 503 (no leader yet), until it answers otherwise or 30 s pass. */
    private static HttpResponse<String> await(NodeCluster cluster, NodeCluster.Node node, String path)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> answer;
        do {
            answer = send(cluster, cluster.request(node, path).GET());
        } while (answer.statusCode() == 503 && System.nanoTime() < deadline);
        return answer;
    }

    private static HttpResponse<String> send(NodeCluster cluster, HttpRequest.Builder request) throws Exception {
        return cluster.http().send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double followerReads(NodeCluster cluster, NodeCluster.Node node) throws Exception {
        String metrics = send(cluster, cluster.request(node, "/metrics").GET()).body();
        Matcher m = FOLLOWER_READS.matcher(metrics);
        assertThat(m.find()).as("cairn_follower_reads_total in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
