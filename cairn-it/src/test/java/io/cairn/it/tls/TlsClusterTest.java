package io.cairn.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ClusterMembers;
import io.cairn.api.InstanceRequest;
import io.cairn.api.ServiceInstances;
import io.cairn.api.time.Ticker;
import io.cairn.api.tls.PemFiles;
import io.cairn.client.CairnClient;
import io.cairn.client.Endpoints;
import io.cairn.client.WatchOptions;
import io.cairn.testkit.NodeCluster;
import io.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes with TLS everywhere (HTTP, Raft, calls between nodes) form a cluster and
 * replicate writes sent through a follower, with client certificates required; the CLI and the
 * Java client get in with one, a client without one does not; a fourth node whose certificate another CA signed
 * tries to join and is refused, and the cluster stays as it was.
 */
class TlsClusterTest {

    @TempDir
    Path dir;

    @Test
    void aTlsClusterFormsReplicatesAndRefusesANodeOfAnotherCa() throws Exception {
        Path caDir = dir.resolve("ca");
        Path ca = TestPki.ca(caDir);
        PemFiles nodeFiles = TestPki.cert(caDir, "node", dir.resolve("node-tls"));
        PemFiles client = TestPki.cert(caDir, "client", dir.resolve("client-tls"));
        List<String> flags = TestPki.nodeFlags(nodeFiles);
        // Every HTTP client must present a certificate here: nodes calling each other do.
        flags.addAll(List.of("--partitions", "4", "--tls-client-auth", "require"));
        try (NodeCluster cluster = NodeCluster.startTls(java.nio.file.Files.createDirectories(dir.resolve("nodes")), 3, TestPki.context(ca, client),
                flags.toArray(String[]::new))) {
            assertThat(cluster.node(0).address()).startsWith("https://");
            List<String> services = new ArrayList<>();
            // Through node 1: most writes are forwarded to other leaders, over TLS between nodes.
            try (CairnClient registry = new CairnClient(new Endpoints(List.of(cluster.node(1).address())),
                    Duration.ofSeconds(10), WatchOptions.defaults(), Ticker.SYSTEM, null, client)) {
                for (int i = 0; i < 8; i++) {
                    services.add("svc-" + i);
                    registry.register(null, "svc-" + i, "i1", new InstanceRequest("10.0.0.1", 80, List.of(), Map.of(),
                            null));
                }
            }
            Map<String, ServiceInstances> agreed = cluster.assertReplicasEqual(services);
            assertThat(agreed.values()).allSatisfy(s -> assertThat(s.instances()).hasSize(1));

            // The CLI with a client certificate learns the members, over https.
            String memberTable = TestPki.cairn("members", "--address", cluster.node(2).hostPort(), "--ca-cert",
                    ca.toString(), "--client-cert", client.cert().toString(), "--client-key", client.key().toString(),
                    "--cache-dir", dir.resolve("cli-cache").toString());
            assertThat(memberTable).contains(cluster.node(0).hostPort(), cluster.node(1).hostPort());
            // Without a client certificate, tls-client-auth=require turns a client away.
            HttpClient noCert = HttpClient.newBuilder().sslContext(TestPki.context(ca, null)).build();
            assertThatThrownBy(() -> noCert.send(HttpRequest.newBuilder(URI.create(cluster.node(0).address()
                    + "/v1/status")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);

            Path rogueCaDir = dir.resolve("rogue-ca");
            TestPki.ca(rogueCaDir);
            PemFiles rogue = TestPki.cert(rogueCaDir, "rogue", dir.resolve("rogue-tls"));
            List<String> rogueFlags = TestPki.nodeFlags(rogue);
            rogueFlags.addAll(List.of("--partitions", "4", "--join", cluster.node(0).hostPort()));
            try (ServerProcess intruder = ServerProcess.start(dir.resolve("rogue-data"), Duration.ofSeconds(60),
                    rogueFlags.toArray(String[]::new))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> intruder.log().contains("event=join-retry"));
                assertThat(intruder.log()).doesNotContain("event=joined");
                ClusterMembers members = cluster.get(cluster.node(0), "/v1/cluster/members", ClusterMembers.class);
                assertThat(members.members()).hasSize(3);
            }
            cluster.awaitConverged(Duration.ofSeconds(30));
            cluster.assertReplicasEqual(services);
        }
    }
}
