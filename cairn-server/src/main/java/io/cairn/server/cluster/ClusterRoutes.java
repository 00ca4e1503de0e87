package io.cairn.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.api.ApiError;
import io.cairn.api.JoinRequest;
import io.cairn.server.partition.PartitionRouter;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The cluster endpoints (docs/api.md, "Cluster"): {@code GET /v1/cluster/members},
 * {@code GET /v1/cluster/partitions}, {@code GET /v1/cluster/local}, {@code POST /v1/cluster/join}
 * and {@code POST /v1/cluster/leave}. The metadata leader answers members, partitions, joins and
 * leaves; any other node relays them to it, so every node answers all of them.
 *
 * <p>{@code local} and {@code join} are called by nodes only: with TLS on they answer 403 to a
 * connection whose client presented no certificate of the cluster's CA, so a process without one
 * can neither join nor read a node's replica report, whatever {@code tls-client-auth} says.
 */
public final class ClusterRoutes {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:\\[\\]_-]{1,253}:[0-9]{1,5}");
    private static final Duration RELAY_TIMEOUT = Duration.ofSeconds(15);

    private final ClusterNode cluster;
    private final PartitionRouter router;
    private final Predicate<HttpConnection> fromNode;

    /** @param fromNode whether a connection may call the endpoints only nodes call */
    public ClusterRoutes(ClusterNode cluster, PartitionRouter router, Predicate<HttpConnection> fromNode) {
        this.cluster = cluster;
        this.router = router;
        this.fromNode = fromNode;
    }

    public void mount(Router r, BodyHandler body) {
        r.get("/v1/cluster/local").handler(this::nodesOnly).handler(ctx -> json(ctx, 200, cluster.localReport()));
        r.get(FollowerReads.PATH).handler(this::nodesOnly).handler(this::applied);
        r.get("/v1/cluster/members").handler(ctx -> onLeader(ctx, () -> cluster.members()));
        r.get("/v1/cluster/partitions").handler(ctx -> onLeader(ctx, () -> cluster.partitions()));
        r.post("/v1/cluster/join").handler(body).handler(this::nodesOnly).handler(this::join);
        r.post("/v1/cluster/leave").handler(body).handler(this::leave);
        // The access-control table, for members without a metadata replica (ClusterNode.refresh);
        // it holds secret hashes, so the operator right guards it like every cluster endpoint.
        r.get("/v1/cluster/acl").handler(this::acl);
    }

    /**
     * {@code GET /v1/cluster/applied?partitions=0,5,9} (nodes only; see {@link FollowerReads}):
     * for each listed partition this node leads and is ready to serve, its last applied log
     * index, as {@code partition=index} lines; the others are left out.
     */
    private void applied(RoutingContext ctx) {
        String list = ctx.request().getParam("partitions");
        if (list == null || list.isEmpty() || list.length() > 8 * router.partitions()) {
            error(ctx, 400, "invalid_field", "partitions: required, at most " + router.partitions() + " numbers",
                    "partitions");
            return;
        }
        StringBuilder out = new StringBuilder();
        for (String part : list.split(",")) {
            int p;
            try {
                p = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                error(ctx, 400, "invalid_field", "partitions: must be partition numbers separated by commas",
                        "partitions");
                return;
            }
            if (p < 0 || p >= router.partitions()) {
                error(ctx, 400, "invalid_field", "partitions: " + p + " is not a partition (0-"
                        + (router.partitions() - 1) + ")", "partitions");
                return;
            }
            long applied = router.appliedIfLeader(p);
            if (applied >= 0) {
                out.append(p).append('=').append(applied).append('\n');
            }
        }
        ctx.response().putHeader("Content-Type", "text/plain").end(out.toString());
    }

    private void acl(RoutingContext ctx) {
        if (!cluster.holdsMeta()) {
            error(ctx, 503, "unavailable", "this node holds no replica of the cluster metadata", null);
            return;
        }
        ctx.response().putHeader("Content-Type", "application/octet-stream").end(
                io.vertx.core.buffer.Buffer.buffer(cluster.aclBytes()));
    }

    private void nodesOnly(RoutingContext ctx) {
        if (fromNode.test(ctx.request().connection())) {
            ctx.next();
        } else {
            error(ctx, 403, "forbidden", "only a node with a certificate of the cluster's CA may call "
                    + ctx.request().path(), null);
        }
    }

    private void onLeader(RoutingContext ctx, Supplier<Object> answer) {
        if (cluster.leadsMeta()) {
            Object value = answer.get();
            if (value == null) {
                error(ctx, 503, "unavailable", "the metadata leader has not finished its first round; retry shortly", null);
            } else {
                json(ctx, 200, value);
            }
            return;
        }
        relay(ctx);
    }

    private void join(RoutingContext ctx) {
        JoinRequest req;
        try {
            req = cluster.peers().mapper().readValue(bytes(ctx), JoinRequest.class);
        } catch (IOException e) {
            error(ctx, 400, "invalid_json", "the body must be a JSON object {id, http, raft, partitions}", null);
            return;
        }
        if (req == null || req.id() == null || !NODE_ID.matcher(req.id()).matches()) {
            error(ctx, 400, "invalid_field", "id: must be 1-128 letters, digits, '.', '_' or '-'", "id");
        } else if (req.http() == null || !ADDRESS.matcher(req.http()).matches()) {
            error(ctx, 400, "invalid_field", "http: must be HOST:PORT", "http");
        } else if (req.raft() == null || !ADDRESS.matcher(req.raft()).matches()) {
            error(ctx, 400, "invalid_field", "raft: must be HOST:PORT", "raft");
        } else if (req.partitions() < 1) {
            error(ctx, 400, "invalid_field", "partitions: must be at least 1", "partitions");
        } else if (!cluster.holdsMeta()) {
            relay(ctx);
        } else {
            answer(ctx, cluster.join(req), () -> cluster.members());
        }
    }

    private void leave(RoutingContext ctx) {
        String node = cluster.localReport().node();
        byte[] body = bytes(ctx);
        if (body.length > 0) {
            try {
                JsonNode tree = cluster.peers().mapper().readTree(body);
                JsonNode given = tree == null ? null : tree.get("node");
                if (given != null && !given.isNull()) {
                    if (!given.isTextual() || !NODE_ID.matcher(given.asText()).matches()) {
                        error(ctx, 400, "invalid_field", "node: must be a node id", "node");
                        return;
                    }
                    node = given.asText();
                }
            } catch (IOException e) {
                error(ctx, 400, "invalid_json", "the body must be empty or a JSON object {\"node\": ID}", null);
                return;
            }
        }
        if (!cluster.holdsMeta()) {
            // Relay with the node named, so the metadata leader does not take itself for the leaver.
            relay(ctx, Buffer.buffer("{\"node\":\"" + node + "\"}"));
            return;
        }
        String leaving = node;
        answer(ctx, cluster.leave(node), () -> Map.of("node", leaving, "state", "leaving"));
    }

    private void answer(RoutingContext ctx, CompletableFuture<String> refusal, Supplier<Object> success) {
        var context = io.vertx.core.Vertx.currentContext();
        refusal.whenComplete((why, e) -> context.runOnContext(v -> {
            if (e != null) {
                error(ctx, 503, "unavailable", "the cluster metadata did not answer: " + rootMessage(e), null);
            } else if (why != null) {
                error(ctx, 409, "conflict", why, null);
            } else {
                json(ctx, 200, success.get());
            }
        }));
    }

    private void relay(RoutingContext ctx) {
        relay(ctx, ctx.body() == null || ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer());
    }

    /** Sends the request to the metadata leader (or, not knowing it, to a member) and relays the answer. */
    private void relay(RoutingContext ctx, Buffer body) {
        if (ctx.request().getHeader(PeerClient.FORWARDED_HEADER) != null) {
            error(ctx, 503, "unavailable", "this node does not lead the cluster metadata; retry shortly", null);
            return;
        }
        String target = cluster.metaLeaderAddress();
        if (target == null && !cluster.view().contacts().isEmpty()) {
            target = cluster.view().contacts().get(0);
        }
        if (target == null) {
            error(ctx, 503, "unavailable", "this node knows no member that holds the cluster metadata yet", null);
            return;
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
                .add(PeerClient.FORWARDED_HEADER, cluster.localReport().node());
        var context = io.vertx.core.Vertx.currentContext();
        cluster.peers().send(ctx.request().method(), target, ctx.request().uri(), headers, body, RELAY_TIMEOUT)
                .whenComplete((a, e) -> context.runOnContext(v -> {
                    if (e != null) {
                        error(ctx, 503, "unavailable", "the metadata leader did not answer: " + rootMessage(e), null);
                    } else {
                        ctx.response().setStatusCode(a.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                .end(a.body());
                    }
                }));
    }

    private static byte[] bytes(RoutingContext ctx) {
        return ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private void json(RoutingContext ctx, int status, Object value) {
        HttpServerResponse out = ctx.response();
        try {
            out.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(cluster.peers().mapper().writeValueAsBytes(value)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private void error(RoutingContext ctx, int status, String code, String message, String field) {
        if (status == 503) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
        }
        json(ctx, status, new ApiError(code, message, field));
    }
}
