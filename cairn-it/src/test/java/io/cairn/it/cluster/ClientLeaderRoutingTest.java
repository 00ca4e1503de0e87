package io.cairn.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.InstanceRequest;
import io.cairn.api.WriteResult;
import io.cairn.client.CairnClient;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import io.cairn.testkit.NodeCluster;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client sends a call about a service straight to the node leading the service's
 * partition once it knows both (the partition from the {@code X-Cairn-Partition} header of an
 * answer, the leaders from the members), so no node forwards it; a client that has not learned
 * the members goes through its one node, which forwards; and when the leader it knew dies, the
 * call still succeeds through the client's other addresses.
 */
class ClientLeaderRoutingTest {

    private static final int PARTITIONS = 4;
    private static final List<String> SERVICES = List.of("orders", "billing", "search", "users", "mail", "files");

    @TempDir
    Path dir;

    @Test
    void callsAboutAServiceGoToItsLeaderAndSurviveItsDeath() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(dir, 3, "--partitions", Integer.toString(PARTITIONS))) {
            cluster.awaitConverged(Duration.ofSeconds(60));
            String first = cluster.node(0).address();

            // Without the members: every call goes to node 0, which forwards what it does not lead.
            try (CairnClient plain = new CairnClient(first, Duration.ofSeconds(10))) {
                long before = forwarded(cluster);
                int notLedByFirst = 0;
                for (String service : SERVICES) {
                    register(plain, service, "plain-1");
                    notLedByFirst += PartitionLeaders.nodeLeading(cluster, PARTITIONS, service) == 0 ? 0 : 1;
                }
                assertThat(notLedByFirst).as("some services are led elsewhere").isPositive();
                assertThat(forwarded(cluster) - before).isGreaterThanOrEqualTo(notLedByFirst);
            }

            // Every node's answer about a service names its partition, whoever leads it.
            String orders = Integer.toString(new Partitioner(PARTITIONS).partitionOf(new ServiceKey("default", "orders")));
            for (NodeCluster.Node n : cluster.nodes()) {
                HttpResponse<String> answer = cluster.http().send(HttpRequest.newBuilder(
                        URI.create(n.address() + "/v1/services/orders")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.headers().firstValue("X-Cairn-Partition")).as("through node %d", n.index())
                        .contains(orders);
            }

            try (CairnClient routed = new CairnClient(first, Duration.ofSeconds(10))) {
                routed.learnMembers();
                // The first call about each service names its partition ...
                for (String service : SERVICES) {
                    register(routed, service, "routed-0");
                }
                // ... and from then on nothing is forwarded: writes, reads and deregistrations.
                long before = forwarded(cluster);
                for (String service : SERVICES) {
                    for (int i = 1; i <= 5; i++) {
                        register(routed, service, "routed-" + i);
                    }
                    assertThat(routed.instances(null, service, List.of(), Map.of()).instances()).hasSize(7);
                    assertThat(routed.deregister(null, service, "routed-5").changed()).isTrue();
                }
                assertThat(forwarded(cluster) - before).isZero();

                // The leader of a service led elsewhere than node 0 dies: the call goes on
                // through node 0, which holds it until the partition has a new leader.
                String victimService = SERVICES.stream().filter(s -> leading(cluster, s) != 0).findFirst().orElseThrow();
                cluster.kill9(leading(cluster, victimService));
                assertThat(register(routed, victimService, "after-kill").changed()).isTrue();
                assertThat(routed.instance(null, victimService, "after-kill").id()).isEqualTo("after-kill");
            }
        }
    }

    private static int leading(NodeCluster cluster, String service) {
        try {
            return PartitionLeaders.nodeLeading(cluster, PARTITIONS, service);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static WriteResult register(CairnClient client, String service, String id) {
        return client.register(null, service, id, new InstanceRequest("10.2.0.1", 8080, List.of(), Map.of(), 1));
    }

    /** Requests forwarded by every node that runs, per its /metrics. */
    private static long forwarded(NodeCluster cluster) throws Exception {
        long sum = 0;
        for (NodeCluster.Node n : cluster.nodes()) {
            if (!n.running()) {
                continue;
            }
            String text = cluster.http().send(HttpRequest.newBuilder(URI.create(n.address() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("cairn_forwarded_requests_total ")) {
                    sum += (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
                }
            }
        }
        return sum;
    }
}
