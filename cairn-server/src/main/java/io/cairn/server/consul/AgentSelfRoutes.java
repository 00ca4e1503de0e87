package io.cairn.server.consul;

import io.cairn.api.LocalGroup;
import io.cairn.api.LocalReport;
import io.cairn.core.cluster.ClusterMap;
import io.cairn.core.cluster.Member;
import io.cairn.server.cluster.ClusterNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /v1/agent/self}, {@code /v1/status/leader} and {@code /v1/status/peers}: enough of
 * Consul's agent and Raft status for the clients that probe them. Cairn has one Raft group per
 * partition and one for the cluster's metadata; Consul's "leader" and "peers" are the metadata
 * group's leader and members, by their Raft addresses (Consul's server RPC addresses).
 */
final class AgentSelfRoutes {

    /** The Consul version whose API the dialect follows, reported to clients that check it. */
    static final String CONSUL_VERSION = "1.15.0";

    private final ClusterNode cluster;
    private final ConsulAnswers answers;
    private final String nodeId;
    private final String version;

    AgentSelfRoutes(ClusterNode cluster, ConsulAnswers answers, String nodeId, String version) {
        this.cluster = cluster;
        this.answers = answers;
        this.nodeId = nodeId;
        this.version = version;
    }

    void mount(Router r) {
        r.get("/v1/agent/self").handler(ctx -> answers.handle(ctx, () -> self(ctx)));
        r.get("/v1/status/leader").handler(ctx -> answers.handle(ctx, () -> leader(ctx)));
        r.get("/v1/status/peers").handler(ctx -> answers.handle(ctx, () -> peers(ctx)));
    }

    private CompletableFuture<ConsulReply> self(RoutingContext ctx) {
        ConsulQuery.of(ctx, ConsulApi.DATACENTER);
        LocalReport local = cluster.localReport();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Datacenter", ConsulApi.DATACENTER);
        config.put("NodeName", nodeId);
        config.put("NodeID", nodeId);
        config.put("Server", true);
        config.put("Revision", "cairn-" + version);
        config.put("Version", CONSUL_VERSION);
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("Name", nodeId);
        member.put("Addr", host(local.http()));
        member.put("Port", port(local.raft()));
        member.put("Tags", Map.of("dc", ConsulApi.DATACENTER, "role", "consul", "build", "cairn-" + version));
        member.put("Status", 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Config", config);
        body.put("Member", member);
        body.put("Meta", Map.of());
        body.put("Coord", null);
        body.put("Stats", Map.of());
        return CompletableFuture.completedFuture(new ConsulReply(200, -1, answers.encode(body), true, 0));
    }

    /** The metadata group's leader as {@code "host:port"} of its Raft address; {@code ""} while there is none. */
    private CompletableFuture<ConsulReply> leader(RoutingContext ctx) {
        ConsulQuery.of(ctx, ConsulApi.DATACENTER);
        LocalReport local = cluster.localReport();
        String leader = "";
        for (LocalGroup g : local.groups()) {
            if (g.partition() == -1 && g.leader() != null) {
                leader = raftAddress(g.leader(), local);
            }
        }
        return CompletableFuture.completedFuture(new ConsulReply(200, -1, answers.encode(leader), true, 0));
    }

    private CompletableFuture<ConsulReply> peers(RoutingContext ctx) {
        ConsulQuery.of(ctx, ConsulApi.DATACENTER);
        LocalReport local = cluster.localReport();
        List<String> out = new ArrayList<>();
        ClusterMap map = cluster.view() == null ? null : cluster.view().map();
        if (map == null) {
            out.add(local.raft());
        } else {
            for (Member m : map.alive()) {
                out.add(m.raftAddress());
            }
        }
        return CompletableFuture.completedFuture(new ConsulReply(200, -1, answers.encode(out), true, 0));
    }

    private String raftAddress(String node, LocalReport local) {
        if (node.equals(local.node())) {
            return local.raft();
        }
        ClusterMap map = cluster.view() == null ? null : cluster.view().map();
        Member m = map == null ? null : map.member(node);
        return m == null ? "" : m.raftAddress();
    }

    private static String host(String address) {
        return address == null || address.lastIndexOf(':') < 0 ? "" : address.substring(0, address.lastIndexOf(':'));
    }

    private static int port(String address) {
        try {
            return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
