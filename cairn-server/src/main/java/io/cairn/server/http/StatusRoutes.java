package io.cairn.server.http;

import io.cairn.api.NodeFigures;
import io.cairn.api.NodeStatus;
import io.cairn.api.PartitionStatus;
import io.cairn.server.acl.Caller;
import io.cairn.server.cluster.ClusterNode;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.metrics.ServerMetrics;
import io.cairn.server.metrics.Throughput;
import io.cairn.server.partition.PartitionRouter;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code GET /v1/status} (the node and its partitions), {@code GET /metrics} (Prometheus) and
 * {@code GET /v1/figures} (the same counters as JSON).
 */
final class StatusRoutes {

    private final PartitionRouter router;
    private final HealthMonitor health;
    private final ServerMetrics metrics;
    private final Answers answers;
    private final String version;
    private final String nodeId;

    private final ClusterNode cluster;
    private final Integer dnsPort;

    StatusRoutes(PartitionRouter router, HealthMonitor health, ServerMetrics metrics, Answers answers, String version,
            String nodeId, ClusterNode cluster, Integer dnsPort) {
        this.dnsPort = dnsPort;
        this.cluster = cluster;
        this.router = router;
        this.health = health;
        this.metrics = metrics;
        this.answers = answers;
        this.version = version;
        this.nodeId = nodeId;
    }

    void mount(Function<String, Route> get) {
        get.apply("/v1/status").handler(this::status);
        get.apply("/metrics").handler(this::scrape);
        get.apply("/v1/figures").handler(this::figures);
    }

    /** The node's counters and levels as JSON (docs/api.md, "Node figures"); cheap: no catalog walk. */
    private void figures(RoutingContext ctx) {
        answers.handle(ctx, () -> {
            Throughput t = metrics.throughput();
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return CompletableFuture.completedFuture(new Reply(200, -1, new NodeFigures(nodeId,
                    ManagementFactory.getRuntimeMXBean().getUptime(), t.registrations(), t.deregistrations(), t.lookups(),
                    health.renewalCount(), health.expiredCount(), (long) metrics.value("cairn.watchers"),
                    (long) metrics.value("cairn.raft.leader.changes"), heap.getUsed(), heap.getMax()), null));
        });
    }

    /**
     * The index of a status read is the sum of the partitions' revisions: it moves on any change.
     * With ACLs on, a caller without {@link AccessRule#COUNTS} gets readiness and the partitions'
     * leaders and roles only: no revisions (nor the index), no counts, no protected namespaces.
     */
    private void status(RoutingContext ctx) {
        Caller caller = ctx.get(AccessGuard.CALLER);
        boolean counts = caller == null || AccessRule.COUNTS.test().test(caller.grant());
        answers.handle(ctx, () -> {
            List<PartitionStatus> partitions = router.status();
            boolean ready = ready(partitions);
            if (!counts) {
                List<PartitionStatus> bare = new ArrayList<>(partitions.size());
                for (PartitionStatus p : partitions) {
                    bare.add(p.withoutCounts());
                }
                return CompletableFuture.completedFuture(new Reply(200, -1,
                        new NodeStatus(version, nodeId, ready, router.partitions(), bare, null, dnsPort), null));
            }
            long index = 0;
            for (PartitionStatus p : partitions) {
                index += p.revision();
            }
            return CompletableFuture.completedFuture(new Reply(200, index,
                    new NodeStatus(version, nodeId, ready, router.partitions(), partitions,
                            health.protectedNamespaces(), dnsPort), null));
        });
    }

    /**
     * Ready: a node that formed its own cluster once every partition has a ready leader here; a
     * member of a larger cluster once it has joined and every partition it holds has a leader.
     */
    private boolean ready(List<PartitionStatus> partitions) {
        if (!cluster.joined()) {
            return false;
        }
        if (cluster.mode() == ClusterNode.Mode.ALONE && router.allReady()) {
            return true;
        }
        for (PartitionStatus p : partitions) {
            if (!"NONE".equals(p.role()) && p.leader() == null) {
                return false;
            }
        }
        return true;
    }

    /** A scrape walks the catalogs: off the event loop, so it never delays other requests. */
    private void scrape(RoutingContext ctx) {
        ctx.vertx().executeBlocking(metrics::scrape).onComplete(ar -> {
            if (ar.failed()) {
                answers.error(ctx, ar.cause());
            } else {
                answers.sendText(ctx, ServerMetrics.CONTENT_TYPE, ar.result());
            }
        });
    }
}
