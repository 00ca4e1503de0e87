package io.cairn.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.InstanceView;
import io.cairn.api.ServiceInstances;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.Instance;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.cluster.Forwarder;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.watch.BlockingQuery;
import io.cairn.server.watch.WatchLoop;
import io.cairn.server.watch.WatchSettings;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The catalog's read routes: one instance, one service's instances, a namespace's services, each
 * in the three modes of {@link ReadConsistency} and optionally blocking ({@code ?index}). Built
 * per event loop; its blocking queries live on that loop ({@code WatchLoop}). Answers and errors
 * are written by {@link HttpApi}'s handler.
 */
final class ReadRoutes {

    /** Runs a route's action and writes its answer or error ({@code HttpApi::handle}). */
    @FunctionalInterface
    interface Handler {
        void handle(RoutingContext ctx, Reply.Action action);
    }

    private final PartitionRouter router;
    private final WatchSettings settings;
    private final WatchLoop loop;
    private final ObjectMapper mapper;
    private final Handler handler;
    private final ServiceAnswerCache answers;

    /** @param answers encoded service answers, shared by every loop's routes (thread safe) */
    ReadRoutes(PartitionRouter router, WatchSettings settings, WatchLoop loop, ObjectMapper mapper,
            ServiceAnswerCache answers, Handler handler) {
        this.router = router;
        this.answers = answers;
        this.settings = settings;
        this.loop = loop;
        this.mapper = mapper;
        this.handler = handler;
    }

    void mount(Router r) {
        r.get("/v1/services/:service/instances/:id").handler(this::readInstance);
        r.get("/v1/services/:service").handler(this::readService);
        r.get("/v1/services").handler(this::listServices);
    }

    private void readInstance(RoutingContext ctx) {
        handler.handle(ctx, () -> {
            ReadConsistency mode = ReadConsistency.of(ctx);
            ServiceKey key = HttpApi.serviceKey(ctx);
            ctx.put(HttpApi.READ_NAMESPACE, key.namespace());
            String id = InstanceRules.instanceId(ctx.pathParam("id"));
            return afterBarrier(mode == ReadConsistency.CONSISTENT ? router.readBarrier(router.partitionOf(key)) : null,
                    () -> instanceReply(ctx, key, id, mode));
        });
    }

    private CompletableFuture<Reply> instanceReply(RoutingContext ctx, ServiceKey key, String id, ReadConsistency mode) {
        ServiceState state = read(ctx, key, mode);
        Instance found = state == null ? null : state.find(id);
        if (found == null) {
            // A read carries the revision even when the instance is absent, so a client can
            // wait for it to appear from there (the error answer keeps headers set before it).
            ctx.response().putHeader(HttpApi.INDEX_HEADER, Long.toString(state == null ? 0 : state.revision()));
            throw new ApiException(404, "not_found", "no instance '" + id + "' in service " + key, null);
        }
        return CompletableFuture.completedFuture(HttpApi.reply(200, state.revision(), HttpApi.view(found)));
    }

    /**
     * Runs {@code then} at once without a barrier, else once the barrier has passed, on this
     * request's event loop (the barrier completes on a consensus thread).
     */
    private static CompletableFuture<Reply> afterBarrier(CompletableFuture<Void> barrier, Reply.Action then) {
        if (barrier == null) {
            return then.run();
        }
        Context context = Vertx.currentContext();
        return barrier.thenComposeAsync(v -> then.run(), task -> context.runOnContext(v -> task.run()));
    }

    private void readService(RoutingContext ctx) {
        handler.handle(ctx, () -> {
            ReadConsistency mode = ReadConsistency.of(ctx);
            ServiceKey key = HttpApi.serviceKey(ctx);
            ctx.put(HttpApi.READ_NAMESPACE, key.namespace());
            InstanceFilter filter = InstanceFilter.parse(ctx.queryParam("tag"), ctx.queryParam("meta"),
                    ctx.queryParam("passing"));
            BlockingRead blocking = BlockingRead.parse(ctx, settings);
            Supplier<Reply> read = () -> serviceReply(ctx, key, filter, mode);
            // A blocking ?consistent read passes the barrier once, before it starts to wait.
            return afterBarrier(mode == ReadConsistency.CONSISTENT ? router.readBarrier(router.partitionOf(key)) : null,
                    () -> blocking == null ? CompletableFuture.completedFuture(read.get())
                            : held(ctx, BlockingQuery.onService(loop, key, blocking.maxWait()), blocking.index(),
                                    () -> revisionOf(read(ctx, key, mode)), read));
        });
    }

    /**
     * The service's state: by default from the partition's ready leader here; with {@code ?stale}
     * from any local replica, saying how long ago it heard from its leader (the forwarder lets
     * such reads through on any node holding a replica); with {@code ?consistent} from the local
     * replica once its read barrier has passed.
     */
    private ServiceState read(RoutingContext ctx, ServiceKey key, ReadConsistency mode) {
        if (mode == ReadConsistency.STALE || ctx.get(Forwarder.LOCAL_REPLICA) != null) {
            ctx.response().putHeader(HttpApi.LAST_CONTACT_HEADER, Long.toString(router.lastContactMillis(router.partitionOf(key))));
            return router.readLocal(key);
        }
        return mode == ReadConsistency.CONSISTENT ? router.readLocal(key) : router.read(key);
    }

    private Reply serviceReply(RoutingContext ctx, ServiceKey key, InstanceFilter filter, ReadConsistency mode) {
        ServiceState state = read(ctx, key, mode);
        long revision = revisionOf(state);
        if (state != null && filter.isEmpty()) {
            return HttpApi.reply(200, revision, answers.answer(state, this::encodeService));
        }
        List<InstanceView> views = new ArrayList<>();
        if (state != null) {
            for (Instance i : state.instances()) {
                if (filter.test(i)) {
                    views.add(HttpApi.view(i));
                }
            }
        }
        return HttpApi.reply(200, revision, new ServiceInstances(key.namespace(), key.service(), revision, views));
    }

    private byte[] encodeService(ServiceState state) {
        List<InstanceView> views = new ArrayList<>(state.size());
        for (Instance i : state.instances()) {
            views.add(HttpApi.view(i));
        }
        try {
            return mapper.writeValueAsBytes(new ServiceInstances(state.key().namespace(), state.key().service(),
                    state.revision(), views));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode service " + state.key(), e);
        }
    }

    private static long revisionOf(ServiceState state) {
        return state == null ? 0 : state.revision();
    }

    /**
     * A blocking read: answers at once when the index the client holds is not the current one
     * (something changed, or the client's index is from elsewhere and it must start over from
     * ours), else when the query wakes (a change, or the wait ran out).
     *
     * <p>The query is registered before the current index is read, so a change between the two
     * still wakes it.
     */
    private static CompletableFuture<Reply> held(RoutingContext ctx, BlockingQuery query, long index,
            LongSupplier current, Supplier<Reply> read) {
        long now;
        try {
            now = current.getAsLong();
        } catch (RuntimeException e) {
            query.cancel();
            throw e;
        }
        if (now != index) {
            query.cancel();
            return CompletableFuture.completedFuture(read.get());
        }
        ctx.response().closeHandler(v -> query.cancel());
        return query.done().thenApply(v -> read.get());
    }

    private void listServices(RoutingContext ctx) {
        handler.handle(ctx, () -> {
            ReadConsistency mode = ReadConsistency.of(ctx);
            String ns = HttpApi.namespace(ctx);
            ctx.put(HttpApi.READ_NAMESPACE, ns);
            BlockingRead blocking = BlockingRead.parse(ctx, settings);
            Supplier<Reply> read = () -> listingReply(serviceList(ctx, ns, mode));
            return afterBarrier(mode == ReadConsistency.CONSISTENT ? router.readBarrierAll() : null,
                    () -> blocking == null ? CompletableFuture.completedFuture(read.get())
                            : held(ctx, BlockingQuery.onNamespace(loop, ns, blocking.maxWait()), blocking.index(),
                                    () -> serviceList(ctx, ns, mode).index(), read));
        });
    }

    /**
     * The namespace's listing: by default from each partition's leader here or a follower that
     * has one ({@link io.cairn.server.partition.PartitionRouter#allCatalogs}); with {@code ?stale}
     * or {@code ?consistent} (after every partition's barrier) from this node's replicas, and with
     * {@code ?stale} the longest any of them has not heard from its leader.
     */
    private ServiceListing serviceList(RoutingContext ctx, String ns, ReadConsistency mode) {
        if (mode == ReadConsistency.DEFAULT) {
            return ServiceListing.of(router, ns);
        }
        ServiceListing listing = ServiceListing.of(router.localCatalogs(), ns);
        if (mode == ReadConsistency.STALE) {
            long longest = 0;
            for (int p = 0; p < router.partitions(); p++) {
                long contact = router.lastContactMillis(p);
                longest = contact < 0 || longest < 0 ? -1 : Math.max(longest, contact);
            }
            ctx.response().putHeader(HttpApi.LAST_CONTACT_HEADER, Long.toString(longest));
        }
        return listing;
    }

    private static Reply listingReply(ServiceListing listing) {
        return HttpApi.reply(200, listing.index(), listing.list());
    }
}
