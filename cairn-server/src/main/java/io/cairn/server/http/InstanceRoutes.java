package io.cairn.server.http;

import io.cairn.api.CheckDefinition;
import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.api.ServiceInstances;
import io.cairn.api.WriteResult;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.command.CommandResult;
import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.model.Check;
import io.cairn.core.model.Durations;
import io.cairn.core.model.CheckType;
import io.cairn.core.model.Instance;
import io.cairn.core.model.Liveness;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.cluster.Forwarder;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.metrics.Throughput;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.watch.BlockingQuery;
import io.cairn.server.watch.WatchHub;
import io.cairn.server.watch.WatchLoop;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import io.vertx.core.Handler;
import io.micrometer.core.instrument.Timer;

/**
 * {@code /v1/services/...}: register (PUT, POST), deregister, and read an instance, a service
 * (optionally filtered, optionally as a blocking read) or a namespace's service list.
 *
 * <p>One class past 400 lines because its three reads follow one set of rules, best read side by
 * side: the consistency modes, the read barrier passed before a blocking read starts to wait, and
 * how a blocking read is held; split by endpoint, those rules would be spread over the parts.
 * What does not decide how a request is answered lives beside it: turning a body into an
 * instance ({@link RegistrationBody}), filters ({@link InstanceFilter}), listings
 * ({@link ServiceListing}, {@link GatheredListing}) and a service's encoded answer
 * ({@link ServiceAnswerCache}).
 */
final class InstanceRoutes {

    private static final String READ_NAMESPACE = Answers.READ_NAMESPACE;

    private final PartitionRouter router;
    private final WatchHub hub;
    private final HealthMonitor health;
    private final RequestJson json;
    private final Answers answers;
    private final WatchLoop loop;
    private final ServiceAnswerCache cached = new ServiceAnswerCache();

    private GatheredListing gathered;
    private Throughput throughput;

    /** Counts and times the writes and lookups these routes answer. */
    InstanceRoutes countingInto(Throughput throughput) {
        this.throughput = throughput;
        return this;
    }

    /** For listings on a node that holds only some partitions: asks the others for their parts. */
    InstanceRoutes listingFrom(Forwarder forwarder) {
        this.gathered = new GatheredListing(router, forwarder, loop);
        return this;
    }

    InstanceRoutes(PartitionRouter router, WatchHub hub, HealthMonitor health, RequestJson json, Answers answers,
            WatchLoop loop) {
        this.router = router;
        this.hub = hub;
        this.health = health;
        this.json = json;
        this.answers = answers;
        this.loop = loop;
    }

    /**
     * @param get mounts a GET route (that answers HEAD too)
     * @param body reads a request body, within the size limit
     * @param requireJson refuses a body that is not UTF-8 JSON
     */
    void mount(Router r, Function<String, Route> get, BodyHandler body, Handler<RoutingContext> requireJson) {
        r.put("/v1/services/:service/instances/:id").handler(body).handler(requireJson)
                .handler(timed(this::register, Throughput::registered));
        r.post("/v1/services/:service/instances").handler(body).handler(requireJson)
                .handler(timed(this::registerNew, Throughput::registered));
        r.delete("/v1/services/:service/instances/:id").handler(timed(this::deregister, Throughput::deregistered));
        get.apply("/v1/services/:service/instances/:id").handler(timed(this::readInstance, Throughput::lookedUp));
        get.apply("/v1/services/:service").handler(timed(this::readService, Throughput::lookedUp));
        get.apply("/v1/services").handler(this::listServices);
    }

    /**
     * Counts the request once its answer has been written, whatever the answer; a blocking read
     * ({@code ?index=}) is a watch and is not counted.
     */
    private Handler<RoutingContext> timed(Handler<RoutingContext> handler, BiConsumer<Throughput, Timer.Sample> done) {
        if (throughput == null) {
            return handler;
        }
        return ctx -> {
            if (!ctx.queryParams().contains("index")) {
                Timer.Sample sample = throughput.start();
                ctx.addEndHandler(ar -> done.accept(throughput, sample));
            }
            handler.handle(ctx);
        };
    }

    private void register(RoutingContext ctx) {
        answers.handle(ctx, () -> {
            ServiceKey key = serviceKey(ctx);
            String id = InstanceRules.instanceId(ctx.pathParam("id"));
            return write(new Register(instance(ctx, key, id)), id, 200, null);
        });
    }

    private void registerNew(RoutingContext ctx) {
        answers.handle(ctx, () -> {
            ServiceKey key = serviceKey(ctx);
            String id = UUID.randomUUID().toString();
            // Location only on success: a rejected POST created nothing to point at.
            return write(new Register(instance(ctx, key, id)), id, 201,
                    "/v1/services/" + key.service() + "/instances/" + id + nsSuffix(key));
        });
    }

    private void deregister(RoutingContext ctx) {
        answers.handle(ctx, () -> {
            ServiceKey key = serviceKey(ctx);
            String id = InstanceRules.instanceId(ctx.pathParam("id"));
            return router.submit(new Deregister(key, id)).thenApply(result -> {
                if (result.outcome() == CommandResult.Outcome.NOT_FOUND) {
                    throw new ApiException(404, "not_found", "no instance '" + id + "' in service " + key, null);
                }
                return reply(200, result.revision(), new WriteResult(id, result.revision(), true));
            });
        });
    }

    private CompletableFuture<Reply> write(Register command, String id, int status, String location) {
        return router.submit(command).thenApply(result -> {
            if (result.outcome() == CommandResult.Outcome.UNCHANGED && command.instance().ephemeral()) {
                // Nothing to write, but the owner just showed it is alive: that renews its lease.
                health.heartbeat(command.key(), id, null);
            }
            return result;
        }).thenApply(result -> new Reply(
                status, result.revision(),
                new WriteResult(id, result.revision(), result.outcome() == CommandResult.Outcome.CHANGED), location));
    }

    private Instance instance(RoutingContext ctx, ServiceKey key, String id) {
        byte[] bytes = ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
        return RegistrationBody.instance(json.read(bytes, InstanceRequest.class), key, id);
    }

    private void readInstance(RoutingContext ctx) {
        answers.handle(ctx, () -> {
            ReadConsistency mode = ReadConsistency.of(ctx);
            ServiceKey key = serviceKey(ctx);
            ctx.put(READ_NAMESPACE, key.namespace());
            String id = InstanceRules.instanceId(ctx.pathParam("id"));
            return afterBarrier(mode == ReadConsistency.CONSISTENT ? router.readBarrier(router.partitionOf(key)) : null,
                    () -> {
                        ServiceState state = read(ctx, key, mode);
                        Instance found = state == null ? null : state.find(id);
                        if (found == null) {
                            // A read carries the revision even when the instance is absent, so a
                            // client can wait for it to appear from there (the error answer keeps
                            // headers set before it).
                            ctx.response().putHeader(Answers.INDEX_HEADER,
                                    Long.toString(state == null ? 0 : state.revision()));
                            throw new ApiException(404, "not_found", "no instance '" + id + "' in service " + key,
                                    null);
                        }
                        return CompletableFuture.completedFuture(reply(200, state.revision(), view(found)));
                    });
        });
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
        answers.handle(ctx, () -> {
            ReadConsistency mode = ReadConsistency.of(ctx);
            ServiceKey key = serviceKey(ctx);
            ctx.put(READ_NAMESPACE, key.namespace());
            InstanceFilter filter = InstanceFilter.parse(ctx.queryParam("tag"), ctx.queryParam("meta"),
                    ctx.queryParam("passing"));
            BlockingRead blocking = BlockingRead.parse(ctx, hub.settings());
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
     * (or a watch-like read the forwarder let through) from any local replica, saying how long ago
     * it heard from its leader; with {@code ?consistent} from the local replica once its read
     * barrier has passed; a default read the forwarder let a follower replica serve
     * ({@link Forwarder#FOLLOWER_READ}) from that replica.
     */
    private ServiceState read(RoutingContext ctx, ServiceKey key, ReadConsistency mode) {
        if (mode == ReadConsistency.STALE || ctx.get(Forwarder.LOCAL_REPLICA) != null) {
            ctx.response().putHeader(LAST_CONTACT_HEADER, Long.toString(router.lastContactMillis(router.partitionOf(key))));
            return router.readLocal(key);
        }
        return mode == ReadConsistency.CONSISTENT || ctx.get(Forwarder.FOLLOWER_READ) != null ? router.readLocal(key)
                : router.read(key);
    }

    /** On a {@code ?stale} read: milliseconds since the replica last heard from its leader (0 on the leader). */
    static final String LAST_CONTACT_HEADER = "X-Cairn-Last-Contact";

    private Reply serviceReply(RoutingContext ctx, ServiceKey key, InstanceFilter filter, ReadConsistency mode) {
        ServiceState state = read(ctx, key, mode);
        long revision = revisionOf(state);
        if (state != null && filter.isEmpty()) {
            return reply(200, revision, cached.answer(state, this::encodeService));
        }
        List<InstanceView> views = new ArrayList<>();
        if (state != null) {
            for (Instance i : state.instances()) {
                if (filter.test(i)) {
                    views.add(view(i));
                }
            }
        }
        return reply(200, revision, new ServiceInstances(key.namespace(), key.service(), revision, views));
    }

    private byte[] encodeService(ServiceState state) {
        List<InstanceView> views = new ArrayList<>(state.size());
        for (Instance i : state.instances()) {
            views.add(view(i));
        }
        try {
            return json.mapper().writeValueAsBytes(new ServiceInstances(state.key().namespace(), state.key().service(),
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
        answers.handle(ctx, () -> {
            String ns = namespace(ctx);
            ctx.put(READ_NAMESPACE, ns);
            // With ACLs on, the listing shows only the services the caller may read, and its index
            // sums only theirs: a change of another service neither wakes a blocking read nor
            // moves the number (docs/security.md). Null: everything (ACLs off).
            Predicate<ServiceKey> visible = AccessGuard.readFilter(ctx);
            Predicate<ServiceKey> wakes = visible == null ? k -> true : visible;
            List<String> part = ctx.queryParam("partition");
            BlockingRead blocking = BlockingRead.parse(ctx, hub.settings());
            if (!part.isEmpty()) {
                // One partition's part of a listing, asked by a node that holds no replica of it
                // (with the caller's own token, so filtered the same way); held (woken only by that
                // partition's changes the caller may read) when it asks with an index.
                int p = partitionParam(part);
                Supplier<ServiceListing> listing = () -> ServiceListing.ofPartitions(router, ns, List.of(p), visible);
                Supplier<Reply> read = () -> listingReply(listing.get());
                return blocking == null ? CompletableFuture.completedFuture(read.get())
                        : held(ctx, BlockingQuery.onNamespace(loop, ns, k -> router.partitionOf(k) == p && wakes.test(k),
                                blocking.maxWait()), blocking.index(), () -> listing.get().index(), read);
            }
            ReadConsistency mode = ReadConsistency.of(ctx);
            if (!router.holdsAll()) {
                // Gathered from the partitions' leaders (see GatheredListing), whatever the mode.
                GatheredListing.Reader reader = new GatheredListing.Reader(AccessGuard.authorization(ctx), visible);
                return (blocking == null ? gathered.read(ns, reader) : gathered.held(ctx, ns, reader, blocking))
                        .thenApply(InstanceRoutes::listingReply);
            }
            if (mode == ReadConsistency.DEFAULT && blocking == null && gathered != null && gathered.ledElsewhere()) {
                // A cluster node that does not lead every partition: its follower replicas only
                // where they are as fresh as their leaders (see GatheredListing#readAsLeaders).
                return gathered.readAsLeadersHeld(ns, new GatheredListing.Reader(AccessGuard.authorization(ctx), visible))
                        .thenApply(InstanceRoutes::listingReply);
            }
            Supplier<Reply> read = () -> listingReply(serviceList(ctx, ns, mode, visible));
            return afterBarrier(mode == ReadConsistency.CONSISTENT ? router.readBarrierAll() : null,
                    () -> blocking == null ? CompletableFuture.completedFuture(read.get())
                            : held(ctx, BlockingQuery.onNamespace(loop, ns, wakes, blocking.maxWait()),
                                    blocking.index(), () -> serviceList(ctx, ns, mode, visible).index(), read));
        });
    }

    private int partitionParam(List<String> values) {
        String v = values.get(0);
        if (values.size() > 1 || !v.matches("[0-9]{1,4}") || Integer.parseInt(v) >= router.partitions()) {
            throw new InvalidFieldException("partition", "must be one partition number from 0 to "
                    + (router.partitions() - 1));
        }
        return Integer.parseInt(v);
    }

    /**
     * The namespace's listing: by default from each partition's leader here or a follower that
     * has one ({@link io.cairn.server.partition.PartitionRouter#allCatalogs}); with {@code ?stale}
     * or {@code ?consistent} (after every partition's barrier) from this node's replicas, and with
     * {@code ?stale} the longest any of them has not heard from its leader.
     */
    private ServiceListing serviceList(RoutingContext ctx, String ns, ReadConsistency mode,
            Predicate<ServiceKey> visible) {
        if (mode == ReadConsistency.DEFAULT) {
            return ServiceListing.of(router, ns, visible);
        }
        ServiceListing listing = ServiceListing.of(router.localCatalogs(), ns, visible);
        if (mode == ReadConsistency.STALE) {
            long longest = 0;
            for (int p = 0; p < router.partitions(); p++) {
                long contact = router.lastContactMillis(p);
                longest = contact < 0 || longest < 0 ? -1 : Math.max(longest, contact);
            }
            ctx.response().putHeader(LAST_CONTACT_HEADER, Long.toString(longest));
        }
        return listing;
    }

    private static Reply listingReply(ServiceListing listing) {
        return reply(200, listing.index(), listing.list());
    }

    static InstanceView view(Instance i) {
        Liveness l = i.liveness();
        List<CheckDefinition> checks = List.of();
        if (!l.checks().isEmpty()) {
            checks = new ArrayList<>(l.checks().size());
            for (Check c : l.checks()) {
                boolean http = c.type() == CheckType.HTTP;
                boolean tcp = c.type() == CheckType.TCP;
                checks.add(new CheckDefinition(c.type().wireName(), http ? c.target() : null, null,
                        tcp ? c.target() : null, Durations.format(c.intervalMillis()),
                        c.type() == CheckType.TTL ? null : Durations.format(c.timeoutMillis())));
            }
        }
        return new InstanceView(i.key().namespace(), i.key().service(), i.id(), i.address(), i.port(),
                i.tags(), i.meta(), i.weight(), i.health().wireName(), l.ephemeral(),
                l.ephemeral() ? Durations.format(l.ttlMillis()) : null,
                l.deregisterAfterMillis() > 0 ? Durations.format(l.deregisterAfterMillis()) : null, checks);
    }

    private ServiceKey serviceKey(RoutingContext ctx) {
        return new ServiceKey(namespace(ctx), InstanceRules.service(ctx.pathParam("service")));
    }

    /** The request's namespace: {@code ?ns} given at most once, valid; {@code default} when absent. */
    static String namespace(RoutingContext ctx) {
        List<String> ns = ctx.queryParam("ns");
        if (ns.size() > 1) {
            throw new InvalidFieldException("ns", "must be given at most once");
        }
        return ns.isEmpty() ? "default" : InstanceRules.namespace(ns.get(0));
    }

    private static String nsSuffix(ServiceKey key) {
        return "default".equals(key.namespace()) ? "" : "?ns=" + key.namespace();
    }

    private static Reply reply(int status, long index, Object body) {
        return new Reply(status, index, body, null);
    }


}
