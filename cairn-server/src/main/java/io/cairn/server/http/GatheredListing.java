package io.cairn.server.http;

import io.cairn.core.model.ServiceKey;
import io.cairn.server.cluster.Forwarder;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.watch.BlockingQuery;
import io.cairn.server.watch.WatchLoop;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A namespace's service list on a node that holds only some partitions (a cluster larger than
 * the replication factor): the part of the partitions it holds read here, every other
 * partition's part asked of that partition's leader ({@code GET /v1/services?partition=P}), and
 * the parts merged. The index is the same sum of revisions as on a node that holds everything,
 * so a client may take it from one node to another.
 *
 * <p>A blocking read ({@code ?index=N}) answers at once when the merged index is not {@code N}.
 * Otherwise it waits, in rounds, on every partition at once: the local ones through a
 * {@link BlockingQuery} on this node's watch loop, each remote one through a blocking read of
 * its part at its leader ({@code ?partition=P&index=&wait=}). Whichever wakes first ends the
 * round: the parts are read again, and if the merged index still is {@code N} (a leader
 * answered because its own wait ended, or its leadership moved) a new round begins, so the
 * client is never woken for nothing. A remote part that fails starts the next round after
 * {@link #RETRY_AFTER_FAILURE}. When the client's wait ends (plus up to 1/16 at random, as on
 * any blocking read) the listing is answered as it is then; when the client goes away, every
 * round's waits are cancelled (the remote requests reset).
 *
 * <p>Threading: a blocking read's rounds run on the loop's thread, where its query lives; the
 * peers' answers arrive on the peer client's threads and hop back to the loop.
 */
final class GatheredListing {

    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final PartitionRouter router;
    private final Forwarder peers;
    private final WatchLoop loop;

    GatheredListing(PartitionRouter router, Forwarder peers, WatchLoop loop) {
        this.router = router;
        this.peers = peers;
        this.loop = loop;
    }

    /**
     * Whom a listing is for: the caller's token as an {@code Authorization} value (null with ACLs
     * off), sent with every remote part so that the part's leader filters it for the same caller
     * (its index included), and the services the caller may read here (null: all).
     */
    record Reader(String authorization, Predicate<ServiceKey> visible) {

        /** Whether a change of {@code key} can move this reader's listing. */
        boolean sees(ServiceKey key) {
            return visible == null || visible.test(key);
        }
    }

    /** This node's part, and each other partition's part as its leader answered it. */
    private record Parts(ServiceListing local, Map<Integer, Forwarder.ListingPart> remote) {

        ServiceListing merged(String ns) {
            List<ServiceListing> all = new ArrayList<>();
            all.add(local);
            remote.values().forEach(p -> all.add(new ServiceListing(p.index(), p.list())));
            return ServiceListing.merge(ns, all);
        }
    }

    /** The listing now; fails with a 503 {@link ApiException} when a remote part cannot be had. */
    CompletableFuture<ServiceListing> read(String ns, Reader reader) {
        return parts(ns, reader, router::holds).thenApply(p -> p.merged(ns));
    }

    /**
     * The default listing on a node that holds every partition but does not lead them all, as
     * the leaders would answer it: the partitions it leads read here; each other one read from
     * this node's follower replica when that has applied what its leader had
     * ({@link Forwarder#fenceReplica}, one question per leader node for all of them), else asked
     * of its leader like a partition this node does not hold. So the listing reflects every write
     * acknowledged before it began (docs/api.md, "List services").
     */
    CompletableFuture<ServiceListing> readAsLeaders(String ns, Reader reader) {
        Map<Integer, CompletableFuture<Boolean>> fences = new LinkedHashMap<>();
        for (int p = 0; p < router.partitions(); p++) {
            if (router.leaderTerm(p) < 0) {
                fences.put(p, peers.fenceReplica(p));
            }
        }
        return CompletableFuture.allOf(fences.values().toArray(CompletableFuture[]::new)).thenCompose(v -> {
            java.util.Set<Integer> trailing = new java.util.HashSet<>();
            fences.forEach((p, fenced) -> {
                if (!fenced.join()) {
                    trailing.add(p);
                }
            });
            return parts(ns, reader, p -> !trailing.contains(p));
        }).thenApply(p -> p.merged(ns));
    }

    /**
     * {@link #readAsLeaders}, held while a part cannot be had ({@link Forwarder#held}): a
     * partition whose leader just died has none until an election ends, and the listing waits for
     * one as a read of one service does (docs/api.md, "Requests in a cluster").
     */
    CompletableFuture<ServiceListing> readAsLeadersHeld(String ns, Reader reader) {
        return peers.held(loop.context(), () -> readAsLeaders(ns, reader));
    }

    /** Whether another node leads one of the partitions (so {@link #readAsLeaders} has something to ask). */
    boolean ledElsewhere() {
        for (int p = 0; p < router.partitions(); p++) {
            if (router.leaderTerm(p) < 0 && peers.leaderAddress(p) != null) {
                return true;
            }
        }
        return false;
    }

    /** The parts of the listing: those of the partitions {@code readHere} accepts read here, the others asked of their leaders. */
    private CompletableFuture<Parts> parts(String ns, Reader reader, Predicate<Integer> readHere) {
        List<Integer> local = new ArrayList<>();
        Map<Integer, CompletableFuture<Forwarder.ListingPart>> asked = new LinkedHashMap<>();
        for (int p = 0; p < router.partitions(); p++) {
            if (readHere.test(p)) {
                local.add(p);
            } else {
                asked.put(p, peers.listPartition(p, ns, reader.authorization()));
            }
        }
        ServiceListing here;
        try {
            here = ServiceListing.ofPartitions(router, ns, local, reader.visible());
        } catch (RuntimeException e) {
            asked.values().forEach(f -> f.cancel(false));
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).handle((v, e) -> {
            if (e != null) {
                throw new ApiException(503, "unavailable", "a partition's leader did not answer for the service list: "
                        + cause(e).getMessage(), null);
            }
            Map<Integer, Forwarder.ListingPart> remote = new LinkedHashMap<>();
            asked.forEach((p, f) -> remote.put(p, f.join()));
            return new Parts(here, remote);
        });
    }

    /** A blocking read of the listing (see the class comment). Call on the loop's thread. */
    CompletableFuture<ServiceListing> held(RoutingContext ctx, String ns, Reader reader, BlockingRead blocking) {
        Hold hold = hold(ns, reader, blocking.index(), blocking.maxWait());
        ctx.response().closeHandler(v -> hold.abandon());
        return hold.answer();
    }

    /**
     * Starts a blocking read of the listing from {@code index} for at most {@code wait} (plus
     * jitter); {@link Hold#abandon} stops it. Call on the loop's thread.
     */
    Hold hold(String ns, Reader reader, long index, Duration wait) {
        Hold hold = new Hold(ns, reader, index, wait);
        hold.start();
        return hold;
    }

    private static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** One blocking read's state. Confined to the loop's thread. */
    final class Hold {

        final String ns;
        final Reader reader;
        final long index;
        final Duration wait;
        final CompletableFuture<ServiceListing> answer = new CompletableFuture<>();
        /** The deadline has passed or the client left: no new round starts. */
        boolean over;
        long deadlineTimer = -1;
        /** This round's local query; null between rounds. Identifies the round in callbacks. */
        BlockingQuery query;
        final List<CompletableFuture<Forwarder.ListingPart>> waits = new ArrayList<>();

        Hold(String ns, Reader reader, long index, Duration wait) {
            this.ns = ns;
            this.reader = reader;
            this.index = index;
            this.wait = wait;
        }

        void start() {
            long ms = Math.max(1, wait.toMillis());
            long jittered = ms + ThreadLocalRandom.current().nextLong(ms / 16 + 1);
            deadlineTimer = loop.context().owner().setTimer(jittered, id -> {
                deadlineTimer = -1;
                over = true;
                endRound();
                read(ns, reader).whenComplete((listing, e) -> settle(listing, e));
            });
            round();
        }

        /** The listing once it differs from the index, or when the wait ended; cancelled by {@link #abandon}. */
        CompletableFuture<ServiceListing> answer() {
            return answer;
        }

        /** Stops waiting (the client left): no new round, every remote wait cancelled. */
        void abandon() {
            over = true;
            endRound();
            cancelDeadline();
            answer.cancel(false);
        }

        private void round() {
            if (over) {
                return;
            }
            // Registered before the parts are read, so a local change between the two still wakes it.
            // Its own wait is longer than the client's: the deadline timer ends the read, not it.
            // Only changes of services the reader may see wake it (the parts' leaders do the same).
            BlockingQuery q = BlockingQuery.onNamespace(loop, ns, reader::sees, wait.multipliedBy(2));
            query = q;
            parts(ns, reader, router::holds).whenComplete((parts, e) -> loop.context().runOnContext(v -> afterRead(q, parts, e)));
        }

        private void afterRead(BlockingQuery q, Parts parts, Throwable e) {
            if (q != query || over) {
                return;
            }
            if (e != null) {
                endRound();
                cancelDeadline();
                settle(null, e);
                return;
            }
            ServiceListing merged = parts.merged(ns);
            if (merged.index() != index) {
                endRound();
                cancelDeadline();
                settle(merged, null);
                return;
            }
            q.done().thenRun(() -> wake(q, null));
            parts.remote().forEach((p, part) -> {
                CompletableFuture<Forwarder.ListingPart> w = peers.listPartition(p, ns, reader.authorization(), part.index(), wait);
                waits.add(w);
                w.whenComplete((v, err) -> loop.context().runOnContext(x -> wake(q, err)));
            });
        }

        private void wake(BlockingQuery q, Throwable error) {
            if (q != query || over) {
                return;
            }
            endRound();
            if (error != null && !(cause(error) instanceof CancellationException)) {
                loop.context().owner().setTimer(RETRY_AFTER_FAILURE.toMillis(), id -> round());
            } else {
                round();
            }
        }

        private void endRound() {
            if (query != null) {
                query.cancel();
                query = null;
            }
            waits.forEach(w -> w.cancel(false));
            waits.clear();
        }

        private void cancelDeadline() {
            over = true;
            if (deadlineTimer >= 0) {
                loop.context().owner().cancelTimer(deadlineTimer);
                deadlineTimer = -1;
            }
        }

        private void settle(ServiceListing listing, Throwable e) {
            if (e != null) {
                answer.completeExceptionally(cause(e));
            } else {
                answer.complete(listing);
            }
        }
    }
}
