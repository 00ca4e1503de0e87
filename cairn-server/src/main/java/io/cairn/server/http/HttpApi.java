package io.cairn.server.http;

import io.cairn.api.ApiError;
import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.api.NodeStatus;
import io.cairn.api.ServiceInstances;
import io.cairn.api.ServiceList;
import io.cairn.api.ServiceSummary;
import io.cairn.api.WriteResult;
import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.command.CommandResult;
import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.partition.PartitionUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
    private static final String JSON = "application/json";

    private final PartitionRouter router;
    private final String version;
    private final String nodeId;
    private final int maxBodyBytes;
    private final RequestJson json = new RequestJson();

    public HttpApi(PartitionRouter router, String version, String nodeId, int maxBodyBytes) {
        this.router = router;
        this.version = version;
        this.nodeId = nodeId;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Builds the routes on a Vert.x instance. */
    public Router routes(Vertx vertx) {
        Router r = Router.router(vertx);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        r.put("/v1/services/:service/instances/:id").handler(body).handler(this::requireJson).handler(this::register);
        r.post("/v1/services/:service/instances").handler(body).handler(this::requireJson).handler(this::registerNew);
        r.delete("/v1/services/:service/instances/:id").handler(this::deregister);
        r.get("/v1/services/:service/instances/:id").handler(this::readInstance);
        r.get("/v1/services/:service").handler(this::readService);
        r.get("/v1/services").handler(this::listServices);
        r.get("/v1/status").handler(this::status);
        r.errorHandler(400, ctx -> fail(ctx, 400, "bad_request", "the request could not be parsed", null));
        r.errorHandler(404, ctx -> fail(ctx, 404, "not_found",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path(), null));
        r.errorHandler(405, ctx -> fail(ctx, 405, "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path(), null));
        r.errorHandler(413, ctx -> fail(ctx, 413, "body_too_large",
                "the request body is larger than " + maxBodyBytes + " bytes", null));
        r.errorHandler(500, this::internalError);
        return r;
    }

    private void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && !type.toLowerCase().startsWith(JSON)) {
            fail(ctx, 415, "unsupported_media_type", "the body must be application/json, not " + type, null);
            return;
        }
        ctx.next();
    }

    private void register(RoutingContext ctx) {
        handle(ctx, () -> {
            ServiceKey key = serviceKey(ctx);
            String id = InstanceRules.instanceId(ctx.pathParam("id"));
            return write(ctx, new Register(instance(ctx, key, id)), id, 200);
        });
    }

    private void registerNew(RoutingContext ctx) {
        handle(ctx, () -> {
            ServiceKey key = serviceKey(ctx);
            String id = UUID.randomUUID().toString();
            ctx.response().putHeader(HttpHeaders.LOCATION,
                    "/v1/services/" + key.service() + "/instances/" + id + nsSuffix(key));
            return write(ctx, new Register(instance(ctx, key, id)), id, 201);
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

    private CompletableFuture<Reply> write(RoutingContext ctx, Register command, String id, int status) {
        return router.submit(command).thenApply(result -> reply(
                status, result.revision(),
                new WriteResult(id, result.revision(), result.outcome() == CommandResult.Outcome.CHANGED)));
    }

    private Instance instance(RoutingContext ctx, ServiceKey key, String id) {
        byte[] bytes = ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
        InstanceRequest req = json.read(bytes, InstanceRequest.class);
        if (req.port() == null) {
            throw new InvalidFieldException("port", "is required");
        }
        Instance instance = new Instance(key, id, req.address(), req.port(),
                req.tags(), req.meta(), req.weight() == null ? Instance.DEFAULT_WEIGHT : req.weight());
        if (req.address() == null) {
            throw new InvalidFieldException("address", "is required");
        }
        return InstanceRules.validate(instance);
    }

    private void readInstance(RoutingContext ctx) {
        handle(ctx, () -> {
            ServiceKey key = serviceKey(ctx);
            String id = InstanceRules.instanceId(ctx.pathParam("id"));
            ServiceState state = router.read(key);
            Instance found = state == null ? null : state.find(id);
            if (found == null) {
                throw new ApiException(404, "not_found", "no instance '" + id + "' in service " + key, null);
            }
            return CompletableFuture.completedFuture(reply(200, state.revision(), view(found)));
        });
    }

    private void readService(RoutingContext ctx) {
        handle(ctx, () -> {
            ServiceKey key = serviceKey(ctx);
            InstanceFilter filter = InstanceFilter.parse(ctx.queryParam("tag"), ctx.queryParam("meta"));
            ServiceState state = router.read(key);
            long revision = state == null ? 0 : state.revision();
            List<InstanceView> views = new ArrayList<>();
            if (state != null) {
                for (Instance i : state.instances()) {
                    if (filter.test(i)) {
                        views.add(view(i));
                    }
                }
            }
            return CompletableFuture.completedFuture(reply(200, revision,
                    new ServiceInstances(key.namespace(), key.service(), revision, views)));
        });
    }

    private void listServices(RoutingContext ctx) {
        handle(ctx, () -> {
            String ns = namespace(ctx);
            long index = 0;
            List<ServiceSummary> services = new ArrayList<>();
            for (PartitionCatalog c : router.allCatalogs()) {
                index += c.listRevision();
                for (ServiceState s : c.services()) {
                    if (!s.isEmpty() && s.key().namespace().equals(ns)) {
                        services.add(new ServiceSummary(s.key().service(), s.size(), s.revision()));
                    }
                }
            }
            services.sort(Comparator.comparing(ServiceSummary::name));
            return CompletableFuture.completedFuture(reply(200, index, new ServiceList(ns, services)));
        });
    }

    private void status(RoutingContext ctx) {
        handle(ctx, () -> CompletableFuture.completedFuture(reply(200, -1,
                new NodeStatus(version, nodeId, router.partitions(), router.status()))));
    }

    private static InstanceView view(Instance i) {
        return new InstanceView(i.key().namespace(), i.key().service(), i.id(), i.address(), i.port(),
                i.tags(), i.meta(), i.weight());
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

    /** A successful answer: status, index (-1 for none) and the body object. */
    private record Reply(int status, long index, Object body) {
    }

    private static Reply reply(int status, long index, Object body) {
        return new Reply(status, index, body);
    }

    @FunctionalInterface
    private interface Action {
        CompletableFuture<Reply> run();
    }

    /**
     * Runs an action and answers on the request's own context, whichever thread completes it.
     */
    private void handle(RoutingContext ctx, Action action) {
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
        send(ctx, reply.status(), reply.index(), reply.body());
    }

    private void error(RoutingContext ctx, Throwable e) {
        if (e instanceof ApiException a) {
            fail(ctx, a.status(), a.code(), a.getMessage(), a.field());
        } else if (e instanceof InvalidFieldException f) {
            fail(ctx, 400, "invalid_field", f.getMessage(), f.field());
        } else if (e instanceof PartitionUnavailableException u) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            fail(ctx, 503, "unavailable", u.getMessage(), null);
        } else {
            LOG.error("event=request-failed method={} path={}", ctx.request().method(), ctx.request().path(), e);
            fail(ctx, 500, "internal", "internal error: " + e, null);
        }
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
            bytes = json.mapper().writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            error(ctx, e);
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        if (index >= 0) {
            response.putHeader(INDEX_HEADER, Long.toString(index));
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
