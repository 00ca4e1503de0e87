package io.cairn.server.dns;

import io.cairn.api.InstanceView;
import io.cairn.api.ServiceInstances;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.model.Liveness;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.cluster.Forwarder;
import io.cairn.server.cluster.PeerClient;
import io.cairn.server.partition.PartitionRouter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Instances from the catalog: from this node's replica of the service's partition when it holds
 * one, whatever its role (a follower trails its leader by the replication delay: stale reads are
 * what DNS has always served); else, on a node of a cluster larger than the replication factor,
 * from the partition's leader with a {@code ?stale} read of the native API
 * ({@code GET /v1/services/NAME?ns=NS&stale}), the same call a client would make.
 */
final class CatalogInstances implements InstanceSource {

    /** A peer read that takes longer than this answers SERVFAIL (resolvers retry after 1-5 s). */
    static final Duration PEER_TIMEOUT = Duration.ofSeconds(2);
    /** Peer reads in flight at once; more answer SERVFAIL at once instead of queueing without bound. */
    static final int MAX_PEER_READS = 256;

    private final PartitionRouter router;
    private final Forwarder forwarder;
    private final PeerClient peers;
    private final AtomicInteger peerReads = new AtomicInteger();

    CatalogInstances(PartitionRouter router, Forwarder forwarder, PeerClient peers) {
        this.router = router;
        this.forwarder = forwarder;
        this.peers = peers;
    }

    @Override
    public CompletableFuture<List<Instance>> instances(ServiceKey key) {
        int p = router.partitionOf(key);
        if (router.holds(p)) {
            // readLocal reads an immutable state that the apply thread replaces: no lock, no wait.
            ServiceState state = router.readLocal(key);
            return CompletableFuture.completedFuture(state == null ? List.of() : state.instances());
        }
        String leader = forwarder.leaderAddress(p);
        if (leader == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("partition " + p
                    + " has no replica here and no leader this node knows of"));
        }
        if (peerReads.incrementAndGet() > MAX_PEER_READS) {
            peerReads.decrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("too many peer reads in flight"));
        }
        String path = "/v1/services/" + URLEncoder.encode(key.service(), StandardCharsets.UTF_8) + "?stale&ns="
                + URLEncoder.encode(key.namespace(), StandardCharsets.UTF_8);
        return peers.get(leader, path, ServiceInstances.class, PEER_TIMEOUT)
                .whenComplete((answer, error) -> peerReads.decrementAndGet())
                .thenApply(answer -> instances(key, answer));
    }

    /** The instances of a peer's answer, as far as DNS needs them (address, port, tags, weight, health). */
    private static List<Instance> instances(ServiceKey key, ServiceInstances answer) {
        List<InstanceView> views = answer.instances() == null ? List.of() : answer.instances();
        List<Instance> out = new ArrayList<>(views.size());
        for (InstanceView v : views) {
            Health health = Health.valueOf(v.health().toUpperCase(Locale.ROOT));
            out.add(new Instance(key, v.id(), v.address(), v.port(), v.tags(), null, v.weight(), Liveness.PERSISTENT,
                    health));
        }
        return out;
    }
}
