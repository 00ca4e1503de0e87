package io.cairn.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.agent.model.NewService;
import com.ecwid.consul.v1.health.model.HealthService;
import io.cairn.testkit.NodeCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Consul-compatible API on a real 3-node cluster, through ecwid's consul-api client: a
 * service registered through one node, its TTL check passed through a second and discovered
 * through the third; the index never goes back when the partition's leader is killed, and a
 * blocking query on a survivor returns on the next change.
 */
class ConsulClusterTest {

    private static final int PARTITIONS = 4;
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static ConsulClient client(NodeCluster.Node node) {
        String[] hostPort = node.hostPort().split(":");
        return new ConsulClient(hostPort[0], Integer.parseInt(hostPort[1]));
    }

    private static NewService service(String id) {
        NewService s = new NewService();
        s.setName("orders");
        s.setId(id);
        s.setAddress("10.9.0." + id.substring(id.length() - 1));
        s.setPort(8080);
        NewService.Check ttl = new NewService.Check();
        ttl.setTtl("1m");
        s.setCheck(ttl);
        return s;
    }

    private static List<HealthService> passing(ConsulClient c) {
        return c.getHealthServices("orders", true, QueryParams.DEFAULT).getValue();
    }

    /** Runs a call until it succeeds (a node may answer 503 while a partition elects a leader). */
    private static <T> T retried(java.util.concurrent.Callable<T> call) {
        Object[] out = new Object[1];
        await().atMost(DEADLINE).ignoreExceptions().until(() -> {
            out[0] = call.call();
            return true;
        });
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }

    @Test
    void registeredThroughOneNodeDiscoveredThroughAnotherAndTheIndexSurvivesALeaderKill() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(dir, 3, "--partitions", Integer.toString(PARTITIONS))) {
            ConsulClient first = client(cluster.node(0));
            ConsulClient second = client(cluster.node(1));
            ConsulClient third = client(cluster.node(2));

            first.agentServiceRegister(service("orders-1"));
            second.agentCheckPass("service:orders-1", "ready");
            await().atMost(DEADLINE).until(() -> passing(third).size() == 1);
            HealthService found = passing(third).get(0);
            assertThat(found.getService().getId()).isEqualTo("orders-1");
            assertThat(found.getChecks()).singleElement().satisfies(c -> assertThat(c.getOutput()).isEqualTo("ready"));
            long before = third.getHealthServices("orders", false, QueryParams.DEFAULT).getConsulIndex();

            int leader = PartitionLeaders.nodeLeading(cluster, PARTITIONS, "orders");
            cluster.kill9(leader);
            int survivor = (leader + 1) % 3;
            int other = (leader + 2) % 3;
            ConsulClient alive = client(cluster.node(survivor));
            Response<List<HealthService>> after = retried(() -> alive.getHealthServices("orders", false, QueryParams.DEFAULT));
            assertThat(after.getConsulIndex()).as("the index never goes back across a failover").isGreaterThanOrEqualTo(before);
            assertThat(after.getValue()).extracting(h -> h.getService().getId()).containsExactly("orders-1");

            long index = after.getConsulIndex();
            CompletableFuture<Response<List<HealthService>>> held = CompletableFuture.supplyAsync(
                    () -> alive.getHealthServices("orders", false, new QueryParams(60, index)));
            ConsulClient otherClient = client(cluster.node(other));
            retried(() -> otherClient.agentServiceRegister(service("orders-2")));
            Response<List<HealthService>> changed = held.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(changed.getConsulIndex()).isGreaterThan(index);
            assertThat(changed.getValue()).extracting(h -> h.getService().getId()).contains("orders-2");
        }
    }
}
