package io.cairn.server.http;

import io.cairn.api.ApiError;
import io.cairn.api.CheckDefinition;
import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.api.NodeStatus;
import io.cairn.api.PartitionStatus;
import io.cairn.api.WriteResult;
import io.cairn.core.command.CommandResult;
import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.model.Check;
import io.cairn.core.model.CheckType;
import io.cairn.core.model.Instance;
import io.cairn.core.model.Liveness;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.cluster.ClusterNode;
import io.cairn.server.cluster.ClusterRoutes;
import io.cairn.server.cluster.Forwarder;
import io.cairn.server.cluster.HeartbeatRelay;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.metrics.ServerMetrics;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.partition.PartitionUnavailableException;
import io.cairn.server.watch.WatchHub;
import io.cairn.server.watch.WatchLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native API's routes (documented in docs/api.md). Builds a Vert.x {@link Router}; the
 * server owns the Vert.x instance and the listening sockets.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    static final String INDEX_HEADER = "X-Cairn-Index";
    /** On a {@code ?stale} read: milliseconds since the replica that answered last heard from its leader. */
    static final String LAST_CONTACT_HEADER = "X-Cairn-Last-Contact";
    /** On reads of a namespace whose expiry is paused (docs/api.md, "Protection against mass expiry"). */
    static final String PROTECTED_HEADER = "X-Cairn-Expiry-Protected";
    /** The namespace a read answers for, so that send() can mark a protected one. */
    static final String READ_NAMESPACE = "cairn.read-namespace";
    private static final String JSON = "application/json";

    private final PartitionRouter router;
    private final WatchHub hub;
    private final HealthMonitor health;
    private final ServerMetrics metrics;
    private final String version;
    private final String nodeId;
    private final int maxBodyBytes;
    private final RequestJson json = new RequestJson();
    private final ServiceAnswerCache answers = new ServiceAnswerCache();

    private final ClusterNode cluster;
    private final Forwarder forwarder;

    public HttpApi(PartitionRouter router, WatchHub hub, HealthMonitor health, ServerMetrics metrics, String version,
            String nodeId, int maxBodyBytes, ClusterNode cluster, Forwarder forwarder) {
        this.cluster = cluster;
        this.forwarder = forwarder;
        this.router = router;
        this.metrics = metrics;
        this.hub = hub;
        this.health = health;
        this.version = version;
        this.nodeId = nodeId;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Builds the routes for one event loop. Call on that loop's context (a verticle's start):
     * its watchers live there.
     */
    public Router routes(Vertx vertx) {
        Router r = Router.router(vertx);
        WatchLoop loop = hub.attach(Vertx.currentContext());
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        // First: a request about a service this node does not lead goes to the node that does.
        r.route().handler(forwarder::handle);
        new ClusterRoutes(cluster).mount(r, body);
        r.put("/v1/services/:service/instances/:id").handler(body).handler(this::requireJson).handler(this::register);
        r.post("/v1/services/:service/instances").handler(body).handler(this::requireJson).handler(this::registerNew);
        r.delete("/v1/services/:service/instances/:id").handler(this::deregister);
        new ReadRoutes(router, hub.settings(), loop, json.mapper(), answers, this::handle).mount(r);
        new WatchRoutes(router, loop, json.mapper(), this::error).mount(r);
        new HeartbeatRoutes(router, health, json, new HeartbeatRelay(forwarder, nodeId)).mount(r, body, this::requireJson, this::handle);
        r.get("/v1/status").handler(this::status);
        // A scrape walks the catalogs: off the event loop, so it never delays other requests.
        r.get("/metrics").handler(ctx -> ctx.vertx().executeBlocking(metrics::scrape).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, ar.cause());
            } else {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, ServerMetrics.CONTENT_TYPE).end(ar.result());
            }
        }));
        r.errorHandler(400, ctx -> fail(ctx, 400, "bad_request", unparsable(ctx.failure()), null));
        r.errorHandler(404, ctx -> fail(ctx, 404, "not_found",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path(), null));
        r.errorHandler(405, ctx -> fail(ctx, 405, "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path(), null));
        r.errorHandler(413, ctx -> fail(ctx, 413, "body_too_large",
                "the request body is larger than " + maxBodyBytes + " bytes", null));
        r.errorHandler(500, this::internalError);
        return r;
    }

    void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        // Compare the media type itself, parameters (charset) aside: "application/jsonx" is not JSON.
        if (type != null && !mediaType(type).equals(JSON)) {
            fail(ctx, 415, "unsupported_media_type", "the body must be application/json, not " + type, null);
            return;
        }
        ctx.next();
    }

    private void register(RoutingContext ctx) {
        handle(ctx, () -> {
            ServiceKey key = serviceKey(ctx);
            String id = InstanceRules.instanceId(ctx.pathParam("id"));
            return write(new Register(instance(ctx, key, id)), id, 200, null);
        });
    }

    private void registerNew(RoutingContext ctx) {
        handle(ctx, () -> {
            ServiceKey key = serviceKey(ctx);
            String id = UUID.randomUUID().toString();
            // Location only on success: a rejected POST created nothing to point at.
            return write(new Register(instance(ctx, key, id)), id, 201,
                    "/v1/services/" + key.service() + "/instances/" + id + nsSuffix(key));
        });
    }

    private void deregister(RoutingContext ctx) {
        handle(ctx, () -> {
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

    /** The index of a status read is the sum of the partitions' revisions: it moves on any change. */
    private void status(RoutingContext ctx) {
        handle(ctx, () -> {
            List<PartitionStatus> partitions = router.status();
            long index = 0;
            for (PartitionStatus p : partitions) {
                index += p.revision();
            }
            return CompletableFuture.completedFuture(reply(200, index,
                    new NodeStatus(version, nodeId, ready(), router.partitions(), partitions,
                            health.protectedNamespaces())));
        });
    }

    /**
     * Ready: a node that formed its own cluster once every partition has a ready leader here; a
     * member of a larger cluster once it has joined and every partition it holds has a leader.
     */
    private boolean ready() {
        if (!cluster.joined()) {
            return false;
        }
        if (cluster.mode() == ClusterNode.Mode.ALONE && router.allReady()) {
            return true;
        }
        for (PartitionStatus p : router.status()) {
            if (!"NONE".equals(p.role()) && p.leader() == null) {
                return false;
            }
        }
        return true;
    }

    static InstanceView view(Instance i) {
        Liveness l = i.liveness();
        List<CheckDefinition> checks = List.of();
        if (!l.checks().isEmpty()) {
            checks = new ArrayList<>(l.checks().size());
            for (Check c : l.checks()) {
                boolean http = c.type() == CheckType.HTTP;
                checks.add(new CheckDefinition(c.type().wireName(), http ? c.target() : null, null,
                        http ? null : c.target(), DurationText.of(c.intervalMillis()), DurationText.of(c.timeoutMillis())));
            }
        }
        return new InstanceView(i.key().namespace(), i.key().service(), i.id(), i.address(), i.port(),
                i.tags(), i.meta(), i.weight(), i.health().wireName(), l.ephemeral(),
                l.ephemeral() ? DurationText.of(l.ttlMillis()) : null,
                l.deregisterAfterMillis() > 0 ? DurationText.of(l.deregisterAfterMillis()) : null, checks);
    }

    static ServiceKey serviceKey(RoutingContext ctx) {
        return new ServiceKey(namespace(ctx), InstanceRules.service(ctx.pathParam("service")));
    }

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

    static Reply reply(int status, long index, Object body) {
        return new Reply(status, index, body, null);
    }

    /**
     * Runs an action and answers on the request's own context, whichever thread completes it.
     */
    void handle(RoutingContext ctx, Reply.Action action) {
        Context context = Vertx.currentContext();
        CompletableFuture<Reply> future;
        try {
            future = action.run();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Reply> pending = future;
        if (pending.isDone()) {
            finish(ctx, pending);
        } else {
            pending.whenComplete((r, e) -> context.runOnContext(v -> finish(ctx, pending)));
        }
    }

    private void finish(RoutingContext ctx, CompletableFuture<Reply> future) {
        if (ctx.response().closed()) {
            return; // the client left while a blocking read was held
        }
        Reply reply;
        try {
            reply = future.join();
        } catch (CompletionException e) {
            error(ctx, e.getCause());
            return;
        } catch (RuntimeException e) {
            error(ctx, e);
            return;
        }
        if (reply.location() != null) {
            ctx.response().putHeader(HttpHeaders.LOCATION, reply.location());
        }
        send(ctx, reply.status(), reply.index(), reply.body());
    }

    void error(RoutingContext ctx, Throwable e) {
        if (e instanceof ApiException a) {
            fail(ctx, a.status(), a.code(), a.getMessage(), a.field());
        } else if (e instanceof InvalidFieldException f) {
            fail(ctx, 400, "invalid_field", f.getMessage(), f.field());
        } else if (e instanceof HttpException h && h.getStatusCode() >= 400 && h.getStatusCode() < 500) {
            // Vert.x decodes the query string lazily, inside our handlers: a bad %-escape there
            // is the client's error, not ours.
            fail(ctx, h.getStatusCode(), "bad_request", unparsable(h), null);
        } else if (e instanceof PartitionUnavailableException u) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            fail(ctx, 503, "unavailable", u.getMessage(), null);
        } else {
            LOG.error("event=request-failed method={} path={}", ctx.request().method(), ctx.request().path(), e);
            fail(ctx, 500, "internal", "internal error: " + e, null);
        }
    }

    /** "the request could not be parsed", with the root cause (e.g. a bad %-escape) when known. */
    private static String unparsable(Throwable failure) {
        Throwable root = failure;
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        String detail = root == null || root == failure || root.getMessage() == null ? "" : ": " + root.getMessage();
        return "the request could not be parsed" + detail;
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private void internalError(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        LOG.error("event=request-failed method={} path={}", ctx.request().method(), ctx.request().path(), failure);
        fail(ctx, 500, "internal", "internal error", null);
    }

    private void send(RoutingContext ctx, int status, long index, Object body) {
        HttpServerResponse response = ctx.response();
        byte[] bytes;
        try {
            // A byte[] body is an answer encoded earlier (ServiceAnswerCache).
            bytes = body instanceof byte[] encoded ? encoded : json.mapper().writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            error(ctx, e);
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        if (index >= 0) {
            response.putHeader(INDEX_HEADER, Long.toString(index));
        }
        String readNamespace = ctx.get(READ_NAMESPACE);
        if (readNamespace != null && health.isProtected(readNamespace)) {
            // The list is served as last known: expiry is paused there (checked when answering,
            // so a blocking read that waited across the change says how it is now).
            response.putHeader(PROTECTED_HEADER, "true");
        }
        response.end(Buffer.buffer(bytes));
    }

    private void fail(RoutingContext ctx, int status, String code, String message, String field) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        byte[] bytes;
        try {
            bytes = json.mapper().writeValueAsBytes(new ApiError(code, message, field));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            bytes = ("{\"error\":\"" + code + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(bytes));
    }
}
