package io.cairn.server.http;

import io.cairn.api.time.Ticker;
import io.cairn.core.acl.AclTable;
import io.cairn.core.model.Printable;
import io.cairn.server.acl.AccessControl;
import io.cairn.server.acl.Secrets;
import io.cairn.server.cluster.ClusterNode;
import io.cairn.server.cluster.ClusterRoutes;
import io.cairn.server.cluster.Forwarder;
import io.cairn.server.cluster.HeartbeatRelay;
import io.cairn.server.config.ClientLimits;
import io.cairn.server.console.ConsoleAssets;
import io.cairn.server.console.ConsoleRoutes;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.limit.ClientShares;
import io.cairn.server.metrics.ServerMetrics;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.watch.WatchHub;
import io.cairn.server.watch.WatchLoop;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.util.function.Predicate;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The native API (documented in docs/api.md): builds one Vert.x {@link Router} per event loop
 * from the endpoint groups ({@link InstanceRoutes}, {@link HeartbeatRoutes}, {@link WatchRoutes},
 * {@link StatusRoutes}), with the rules every endpoint shares: the query string must decode, GET
 * answers HEAD, bodies are UTF-8 JSON, and every failure is answered by {@link Answers}. The server
 * owns the Vert.x instance and the listening sockets.
 */
public final class HttpApi {


    private final PartitionRouter router;
    private final WatchHub hub;
    private final HealthMonitor health;
    private final ServerMetrics metrics;
    private final String version;
    private final String nodeId;
    private final int maxBodyBytes;
    private final RequestJson json = new RequestJson();
    private final Answers answers;

    private final ClusterNode cluster;
    private final Forwarder forwarder;
    private final java.util.List<RouteGroup> dialects = new java.util.ArrayList<>();
    private final Integer dnsPort;
    private final ClientAdmission admission;
    private ConsoleAssets console;

    private final AccessControl access;
    private final Supplier<AclTable> aclTable;
    private final Secrets secrets;

    private final Predicate<HttpConnection> fromNode;

    /**
     * @param dnsPort the node's DNS port for {@code GET /v1/status}, or null when DNS is off
     * @param access who a request's token is; {@code aclTable} the current policies and tokens
     * @param fromNode whether a connection may call the endpoints only nodes call (see
     *     {@code ClusterRoutes})
     */
    public HttpApi(PartitionRouter router, WatchHub hub, HealthMonitor health, ServerMetrics metrics, String version,
            String nodeId, int maxBodyBytes, ClusterNode cluster, Forwarder forwarder, Integer dnsPort,
            AccessControl access, Supplier<AclTable> aclTable, Secrets secrets, Predicate<HttpConnection> fromNode,
            ClientLimits limits, Ticker ticker) {
        this.fromNode = fromNode;
        this.access = access;
        this.aclTable = aclTable;
        this.secrets = secrets;
        this.dnsPort = dnsPort;
        this.cluster = cluster;
        this.forwarder = forwarder;
        this.router = router;
        this.metrics = metrics;
        this.hub = hub;
        this.health = health;
        this.version = version;
        this.nodeId = nodeId;
        this.maxBodyBytes = maxBodyBytes;
        this.answers = new Answers(json, health, maxBodyBytes,
                forwarder == null ? (ctx, e) -> false : forwarder::retryElsewhere);
        this.admission = new ClientAdmission(new RequestRate(limits.requestsPerSecond(), limits.requestBurst(), ticker),
                new ClientShares(limits.watchesPerClient()), cluster, answers);
    }

    /** Serves another dialect's routes beside the native ones; call before {@link #routes}. */
    public HttpApi withDialect(RouteGroup dialect) {
        dialects.add(dialect);
        return this;
    }

    /** Serves the web console at {@code /ui/} too (call before {@link #routes}). */
    public HttpApi console(ConsoleAssets assets) {
        this.console = assets;
        return this;
    }

    /**
     * Builds the routes for one event loop. Call on that loop's context (a verticle's start):
     * its watchers live there.
     */
    public Router routes(Vertx vertx) {
        Router r = Router.router(vertx);
        WatchLoop loop = hub.attach(Vertx.currentContext());
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        // First the client's request rate (docs/security.md, "Hostile input").
        r.route().handler(admission::admit);
        // One rule for every endpoint: a query string that does not decode is a 400, whether or
        // not the endpoint reads parameters (Vert.x decodes it lazily, on first use).
        r.route().handler(this::requireDecodableQuery);
        // Then the caller's right (docs/security.md): 401 or 403 before anything is read or forwarded.
        r.route().handler(new AccessGuard(access, answers)::handle);
        // Then: a request about a service this node does not lead goes to the node that does.
        r.route().handler(forwarder::handle);
        // Requests that hold the server while they wait for changes count against the client's
        // share of watches (after forwarding: a forwarded one is counted where it is served).
        // (Any method here, filtered inside: a GET-only route on every path would turn the 404 of
        // an unknown path into a 405.)
        r.route().handler(admission::holdWhileWaiting);
        // Every GET endpoint answers HEAD too, with the GET's headers and no body.
        Function<String, Route> get = path -> r.get(path).method(HttpMethod.HEAD);
        new InstanceRoutes(router, hub, health, json, answers, loop).listingFrom(forwarder).countingInto(metrics.throughput()).mount(r, get, body, this::requireJson);
        new WatchRoutes(router, loop, json.mapper(), answers::error, forwarder).mount(get);
        new HeartbeatRoutes(router, health, json, new HeartbeatRelay(forwarder, nodeId))
                .mount(r, body, this::requireJson, answers::handle);
        new CheckReportRoutes(router, health, json).mount(r, body, this::requireJson, answers::handle);
        new LivenessRoutes(router, health, answers).mount(get);
        if (console != null) {
            new ConsoleRoutes(console).mount(get);
        }
        new StatusRoutes(router, health, metrics, answers, version, nodeId, cluster, dnsPort).mount(get);
        new ClusterRoutes(cluster, router, fromNode).mount(r, body);
        new ExportRoutes(router, forwarder, answers, nodeId).mount(get);
        new AclRoutes(aclTable, cluster::propose, secrets, json, answers).mount(r, get, body, this::requireJson);
        for (RouteGroup dialect : dialects) {
            dialect.mount(r, loop, body);
        }
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
        if (!media.type().equals(Answers.JSON)) {
            answers.fail(ctx, 415, "unsupported_media_type", "the body must be application/json, not "
                    + Printable.quote(type), null);
        } else if (media.charset() != null && !media.charset().equalsIgnoreCase("utf-8")) {
            answers.fail(ctx, 415, "unsupported_media_type", "the body must be JSON in UTF-8, not charset "
                    + Printable.quote(media.charset()), null);
        } else {
            ctx.next();
        }
    }
}
