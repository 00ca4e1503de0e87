package io.cairn.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.NodeStatus;
import io.cairn.testkit.NodeCluster;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * DNS on a cluster with more nodes than replicas: a node answers for the services of partitions
 * it does not hold by asking their leader, so every node answers every name.
 */
class ClusterDnsTest {

    @TempDir
    Path dir;

    @Test
    void everyNodeAnswersEveryServiceWhetherItHoldsItsPartitionOrNot() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(dir, 2, "--partitions", "4", "--replication", "1")) {
            for (int s = 0; s < 8; s++) {
                assertThat(put(cluster, cluster.node(s % 2), "svc-" + s, s)).isEqualTo(200);
            }
            for (NodeCluster.Node node : cluster.nodes()) {
                NodeStatus status = cluster.get(node, "/v1/status", NodeStatus.class);
                assertThat(status.partitions()).as("node %d holds only some partitions", node.index())
                        .anySatisfy(p -> assertThat(p.role()).isEqualTo("NONE"));
                SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        status.dnsPort()));
                resolver.setTimeout(Duration.ofSeconds(5));
                for (int i = 0; i < 8; i++) {
                    int s = i;
                    Message a = resolver.send(query("svc-" + s + ".service.consul.", Type.A));
                    assertThat(a.getRcode()).as("svc-%d on node %d", s, node.index()).isEqualTo(Rcode.NOERROR);
                    assertThat(a.getSection(Section.ANSWER)).singleElement()
                            .satisfies(r -> assertThat(((ARecord) r).getAddress().getHostAddress())
                                    .isEqualTo("10.1.0." + (s + 1)));
                    Message srv = resolver.send(query("svc-" + s + ".service.consul.", Type.SRV));
                    assertThat(srv.getSection(Section.ANSWER)).singleElement()
                            .satisfies(r -> assertThat(((SRVRecord) r).getPort()).isEqualTo(8080 + s));
                }
                for (int s = 0; s < 4; s++) {
                    assertThat(resolver.send(query("absent-" + s + ".service.consul.", Type.A)).getRcode())
                            .isEqualTo(Rcode.NXDOMAIN);
                }
            }
        }
    }

    private static Message query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    private static int put(NodeCluster cluster, NodeCluster.Node node, String service, int s) throws Exception {
        String body = "{\"address\":\"10.1.0." + (s + 1) + "\",\"port\":" + (8080 + s) + "}";
        return cluster.http().send(HttpRequest.newBuilder(URI.create(node.address() + "/v1/services/" + service
                + "/instances/i")).header("Content-Type", "application/json").timeout(Duration.ofSeconds(15))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
