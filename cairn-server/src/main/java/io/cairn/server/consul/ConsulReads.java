package io.cairn.server.consul;

import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.acl.Access;
import io.cairn.server.acl.Caller;
import io.cairn.server.cluster.Forwarder;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.partition.PartitionUnavailableException;
import io.cairn.api.time.Ticker;
import io.cairn.server.watch.BlockingQuery;
import io.cairn.server.watch.WatchLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How the Consul dialect reads the catalog: one service (from its partition, as the native reads
 * do, in the three consistency modes) or a whole namespace (from every partition), and how a
 * blocking read waits.
 *
 * <p>Indexes: a service's index is its revision; a namespace's is the sum of its services'
 * revisions, emptied services included. Revisions only grow and are equal on every replica for
 * the same state, so both never go back, across restarts and failovers alike.
 *
 * <p>Namespace-wide reads need a replica of every partition on the node asked (as native blocking
 * list reads do); a node that holds only some answers 503.
 */
final class ConsulReads {

    private final PartitionRouter router;
    private final Ticker ticker;

    ConsulReads(PartitionRouter router, Ticker ticker) {
        this.router = router;
        this.ticker = ticker;
    }

    PartitionRouter router() {
        return router;
    }

    /** What a read saw: the service states, the index, and the leader headers. */
    record Snapshot(List<ServiceState> services, long index, boolean knownLeader, long lastContact) {
    }

    /** One service's state (as a one-element or empty list) with its revision as the index. */
    Snapshot service(RoutingContext ctx, ServiceKey key, ConsulQuery.Mode mode) {
        int p = router.partitionOf(key);
        long contact = router.lastContactMillis(p);
        ServiceState state;
        if (mode == ConsulQuery.Mode.STALE || ctx.get(Forwarder.LOCAL_REPLICA) != null) {
            state = router.readLocal(key);
        } else if (mode == ConsulQuery.Mode.CONSISTENT || ctx.get(Forwarder.FOLLOWER_READ) != null) {
            state = router.readLocal(key);
            contact = 0;
        } else {
            state = router.read(key);
            contact = 0;
        }
        return new Snapshot(state == null ? List.of() : List.of(state), state == null ? 0 : state.revision(),
                router.lastContactMillis(p) >= 0, contact);
    }

    /**
     * The services of the namespace the caller may read, as a namespace-wide read shows them (docs/
     * security.md: a service the caller may not read is left out of the answer and of its index,
     * and its changes do not wake the caller's blocking read); null when it may read them all.
     */
    static Predicate<ServiceKey> readable(RoutingContext ctx, String namespace) {
        Caller caller = ctx.get(Caller.CONTEXT_KEY);
        if (caller == null) {
            return k -> false;
        }
        return caller.grant().allowsNamespace(namespace, Access.READ) ? null : caller::mayRead;
    }

    /** {@link #namespace(String, ConsulQuery.Mode, Predicate)} of what the request's caller may read. */
    Snapshot namespace(RoutingContext ctx, String namespace, ConsulQuery.Mode mode) {
        return namespace(namespace, mode, readable(ctx, namespace));
    }

    /**
     * Every service of the namespace that {@code visible} accepts (null: all), emptied ones
     * included, sorted by name; the index is the sum of their revisions.
     */
    Snapshot namespace(String namespace, ConsulQuery.Mode mode, Predicate<ServiceKey> visible) {
        if (!router.holdsAll()) {
            throw new ConsulError(503, "This Cairn node holds only some partitions: ask a node that holds every"
                    + " partition (GET /v1/cluster/members, held)");
        }
        List<PartitionCatalog> catalogs = mode == ConsulQuery.Mode.DEFAULT ? router.allCatalogs() : router.localCatalogs();
        List<ServiceState> out = new ArrayList<>();
        long index = 0;
        for (PartitionCatalog c : catalogs) {
            for (ServiceState s : c.services()) {
                if (s.key().namespace().equals(namespace) && (visible == null || visible.test(s.key()))) {
                    out.add(s);
                    index += s.revision();
                }
            }
        }
        out.sort((a, b) -> a.key().service().compareTo(b.key().service()));
        long longest = 0;
        boolean known = true;
        for (int p = 0; p < router.partitions(); p++) {
            long contact = router.lastContactMillis(p);
            known &= contact >= 0;
            longest = Math.max(longest, contact);
        }
        return new Snapshot(out, index, known, mode == ConsulQuery.Mode.STALE ? longest : 0);
    }

    /**
     * The instance with this id in the namespace, from this node's replicas (they may trail the
     * leader: good enough to learn which service an id belongs to; the write itself goes to the
     * leader). Null when none holds it.
     */
    Instance findById(String namespace, String id) {
        for (int p = 0; p < router.partitions(); p++) {
            if (!router.holds(p)) {
                continue;
            }
            PartitionCatalog c;
            try {
                c = router.catalogForListing(p);
            } catch (PartitionUnavailableException e) {
                continue;
            }
            for (ServiceState s : c.services()) {
                if (s.key().namespace().equals(namespace)) {
                    Instance i = s.find(id);
                    if (i != null) {
                        return i;
                    }
                }
            }
        }
        return null;
    }

    /**
     * {@link #findById}, and when this node's replicas do not have the id, again once they have
     * applied all their leaders had committed (a registration acknowledged through another node
     * a moment ago may not have reached this one). Completes on the caller's event loop; null
     * when the id is unknown.
     */
    CompletableFuture<Instance> findByIdFresh(String namespace, String id) {
        Instance here = findById(namespace, id);
        if (here != null) {
            return CompletableFuture.completedFuture(here);
        }
        Context context = Vertx.currentContext();
        // A partition without a replica here or without a leader fails its barrier: look anyway.
        return router.readBarrierAll().handle((v, e) -> (Void) null)
                .thenApplyAsync(v -> findById(namespace, id), task -> context.runOnContext(x -> task.run()));
    }

    /** A barrier before a {@code ?consistent} read of one partition (or all, when {@code key} is null); null otherwise. */
    CompletableFuture<Void> barrier(ConsulQuery query, ServiceKey key) {
        if (query.mode() != ConsulQuery.Mode.CONSISTENT) {
            return null;
        }
        return key == null ? router.readBarrierAll() : router.readBarrier(router.partitionOf(key));
    }

    /**
     * Answers a read, holding it when the query blocks: at once when the client's index is not the
     * current one; otherwise when the answer's body differs from what the client has (a change of
     * something else that wakes the watch, e.g. another service of the namespace or an instance a
     * filter leaves out, is waited through), or when the wait is over.
     *
     * @param watch starts a watch of what the read covers, for the given time; called on the loop
     *     BEFORE each read, so a change between the two still wakes it
     * @param read encodes the current answer; runs on the loop
     */
    CompletableFuture<ConsulReply> answer(RoutingContext ctx, ConsulQuery query, CompletableFuture<Void> barrier,
            Function<Duration, BlockingQuery> watch, Supplier<ConsulReply> read) {
        if (barrier != null) {
            Context context = Vertx.currentContext();
            return barrier.thenComposeAsync(v -> answer(ctx, query, null, watch, read),
                    task -> context.runOnContext(v -> task.run()));
        }
        if (!query.blocking()) {
            return CompletableFuture.completedFuture(read.get());
        }
        long deadline = ticker.nanos() + Duration.ofMillis(query.waitMillis()).toNanos();
        // The watch in force, so that a client who leaves stops it (loop thread only).
        BlockingQuery[] current = new BlockingQuery[1];
        Function<Duration, BlockingQuery> tracked = wait -> current[0] = watch.apply(wait);
        BlockingQuery first = tracked.apply(Duration.ofMillis(query.waitMillis()));
        ConsulReply now;
        try {
            now = read.get();
        } catch (RuntimeException e) {
            first.cancel();
            throw e;
        }
        if (now.consulIndex() != query.index()) {
            first.cancel();
            return CompletableFuture.completedFuture(now);
        }
        ctx.response().closeHandler(v -> current[0].cancel());
        return waitForChange(first, now, deadline, tracked, read);
    }

    private CompletableFuture<ConsulReply> waitForChange(BlockingQuery query, ConsulReply base, long deadline,
            Function<Duration, BlockingQuery> watch, Supplier<ConsulReply> read) {
        return query.done().thenCompose(v -> {
            long left = deadline - ticker.nanos();
            if (left <= 0) {
                return CompletableFuture.completedFuture(read.get());
            }
            BlockingQuery next = watch.apply(Duration.ofNanos(left));
            ConsulReply now = read.get();
            if (!now.sameResult(base)) {
                next.cancel();
                return CompletableFuture.completedFuture(now);
            }
            return waitForChange(next, base, deadline, watch, read);
        });
    }

    /** The loop-bound watch of one service. */
    static Function<Duration, BlockingQuery> onService(WatchLoop loop, ServiceKey key) {
        return wait -> BlockingQuery.onService(loop, key, wait);
    }

    /** The loop-bound watch of what the request's caller may read of a namespace. */
    static Function<Duration, BlockingQuery> onNamespace(WatchLoop loop, RoutingContext ctx, String namespace) {
        Predicate<ServiceKey> visible = readable(ctx, namespace);
        return visible == null ? wait -> BlockingQuery.onNamespace(loop, namespace, wait)
                : wait -> BlockingQuery.onNamespace(loop, namespace, visible, wait);
    }
}
