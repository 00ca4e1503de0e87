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
import io.cairn.core.model.Printable;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.metrics.ServerMetrics;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.watch.BlockingQuery;
import io.cairn.server.watch.WatchHub;
import io.cairn.server.watch.WatchLoop;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The native API's routes (documented in docs/api.md). Builds a Vert.x {@link Router}; the
 * server owns the Vert.x instance and the listening sockets.
 */
public final class HttpApi {

    static final String INDEX_HEADER = Answers.INDEX_HEADER;
    private static final String READ_NAMESPACE = Answers.READ_NAMESPACE;
    private static final String JSON = Answers.JSON;

    private final PartitionRouter router;
    private final WatchHub hub;
    private final HealthMonitor health;
    private final ServerMetrics metrics;
    private final String version;
    private final String nodeId;
    private final int maxBodyBytes;
    private final RequestJson json = new RequestJson();
    private final ServiceAnswerCache cached = new ServiceAnswerCache();
    private final Answers answers;

    public HttpApi(PartitionRouter router, WatchHub hub, HealthMonitor health, ServerMetrics metrics, String version,
            String nodeId, int maxBodyBytes) {
        this.router = router;
        this.metrics = metrics;
        this.hub = hub;
        this.health = health;
        this.version = version;
        this.nodeId = nodeId;
        this.maxBodyBytes = maxBodyBytes;
        this.answers = new Answers(json, health, maxBodyBytes);
    }

    /**
     * Builds the routes for one event loop. Call on that loop's context (a verticle's start):
     * its watchers live there.
     */
    public Router routes(Vertx vertx) {
        Router r = Router.router(vertx);
        WatchLoop loop = hub.attach(Vertx.currentContext());
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        // One rule for every endpoint: a query string that does not decode is a 400, whether or
        // not the endpoint reads parameters (Vert.x decodes it lazily, on first use).
        r.route().handler(this::requireDecodableQuery);
        // Every GET endpoint answers HEAD too, with the GET's headers and no body.
        Function<String, Route> get = path -> r.get(path).method(HttpMethod.HEAD);
        r.put("/v1/services/:service/instances/:id").handler(body).handler(this::requireJson).handler(this::register);
        r.post("/v1/services/:service/instances").handler(body).handler(this::requireJson).handler(this::registerNew);
        r.delete("/v1/services/:service/instances/:id").handler(this::deregister);
        get.apply("/v1/services/:service/instances/:id").handler(this::readInstance);
        get.apply("/v1/services/:service").handler(ctx -> readService(ctx, loop));
        get.apply("/v1/services").handler(ctx -> listServices(ctx, loop));
        new WatchRoutes(router, loop, json.mapper(), answers::error).mount(get);
        new HeartbeatRoutes(router, health, json).mount(r, body, this::requireJson, answers::handle);
        new StatusRoutes(router, health, metrics, answers, version, nodeId).mount(get);
        r.route().failureHandler(answers::failed);
        // The router fails a request it cannot route (a path that does not decode) before any
        // route, failure handlers included, matches it.
        r.errorHandler(400, ctx -> answers.fail(ctx, 400, "bad_request", Answers.unparsable(ctx.failure()), null));
        r.errorHandler(413, ctx -> answers.fail(ctx, 413, "body_too_large",
                "the request body is larger than " + maxBodyBytes + " bytes", null));
        r.errorHandler(404, ctx -> answers.fail(ctx, 404, "not_found",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path(), null));
        r.errorHandler(405, ctx -> answers.fail(ctx, 405, "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path(), null));
        // Failures the failure handler did not end (it ends every one) would land here.
        r.errorHandler(500, answers::failed);
        return r;
    }

    private void requireDecodableQuery(RoutingContext ctx) {
        try {
            ctx.queryParams();
        } catch (RuntimeException e) {
            answers.error(ctx, e instanceof HttpException ? e : new HttpException(400, e));
            return;
        }
        ctx.next();
    }

    /**
     * Before a body is read: it must be JSON in UTF-8 (the only charset JSON has, RFC 8259), and
     * not content-encoded, since the server decodes no encoding: refusing beats parsing gzip
     * bytes as if they were JSON.
     */
    void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String encoding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.trim().equalsIgnoreCase("identity")) {
            answers.fail(ctx, 415, "unsupported_media_type", "the server does not decode Content-Encoding "
                    + Printable.quote(encoding) + ": send the body unencoded", null);
            return;
        }
        if (type == null) {
            ctx.next();
            return;
        }
        MediaType media = MediaType.parse(type);
        if (!media.type().equals(JSON)) {
            answers.fail(ctx, 415, "unsupported_media_type", "the body must be application/json, not "
                    + Printable.quote(type), null);
        } else if (media.charset() != null && !media.charset().equalsIgnoreCase("utf-8")) {
            answers.fail(ctx, 415, "unsupported_media_type", "the body must be JSON in UTF-8, not charset "
                    + Printable.quote(media.charset()), null);
        } else {
            ctx.next();
        }
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
            ServiceKey key = serviceKey(ctx);
            ctx.put(READ_NAMESPACE, key.namespace());
            String id = InstanceRules.instanceId(ctx.pathParam("id"));
            ServiceState state = router.read(key);
            Instance found = state == null ? null : state.find(id);
            if (found == null) {
                // A read carries the revision even when the instance is absent, so a client can
                // wait for it to appear from there (the error answer keeps headers set before it).
                ctx.response().putHeader(INDEX_HEADER, Long.toString(state == null ? 0 : state.revision()));
                throw new ApiException(404, "not_found", "no instance '" + id + "' in service " + key, null);
            }
            return CompletableFuture.completedFuture(reply(200, state.revision(), view(found)));
        });
    }

    private void readService(RoutingContext ctx, WatchLoop loop) {
        answers.handle(ctx, () -> {
            ServiceKey key = serviceKey(ctx);
            ctx.put(READ_NAMESPACE, key.namespace());
            InstanceFilter filter = InstanceFilter.parse(ctx.queryParam("tag"), ctx.queryParam("meta"),
                    ctx.queryParam("passing"));
            BlockingRead blocking = BlockingRead.parse(ctx, hub.settings());
            Supplier<Reply> read = () -> serviceReply(key, filter);
            if (blocking == null) {
                return CompletableFuture.completedFuture(read.get());
            }
            return held(ctx, BlockingQuery.onService(loop, key, blocking.maxWait()), blocking.index(),
                    () -> revisionOf(router.read(key)), read);
        });
    }

    private Reply serviceReply(ServiceKey key, InstanceFilter filter) {
        ServiceState state = router.read(key);
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

    private void listServices(RoutingContext ctx, WatchLoop loop) {
        answers.handle(ctx, () -> {
            String ns = namespace(ctx);
            ctx.put(READ_NAMESPACE, ns);
            BlockingRead blocking = BlockingRead.parse(ctx, hub.settings());
            Supplier<Reply> read = () -> serviceList(ns);
            if (blocking == null) {
                return CompletableFuture.completedFuture(read.get());
            }
            return held(ctx, BlockingQuery.onNamespace(loop, ns, blocking.maxWait()), blocking.index(),
                    () -> serviceList(ns).index(), read);
        });
    }

    private Reply serviceList(String ns) {
        ServiceListing listing = ServiceListing.of(router, ns);
        return reply(200, listing.index(), listing.list());
    }

    static InstanceView view(Instance i) {
        Liveness l = i.liveness();
        List<CheckDefinition> checks = List.of();
        if (!l.checks().isEmpty()) {
            checks = new ArrayList<>(l.checks().size());
            for (Check c : l.checks()) {
                boolean http = c.type() == CheckType.HTTP;
                checks.add(new CheckDefinition(c.type().wireName(), http ? c.target() : null, null,
                        http ? null : c.target(), Durations.format(c.intervalMillis()), Durations.format(c.timeoutMillis())));
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

    private static String namespace(RoutingContext ctx) {
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
