package io.cairn.server.http;

import io.cairn.api.CheckReportRequest;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.Printable;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.health.CheckReport;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.partition.PartitionRouter;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * {@code PUT /v1/services/{service}/instances/{id}/checks/{n}}: the owner reports its instance's
 * ttl check number {@code n} (from 0). Like a heartbeat it is kept in the partition leader's
 * memory; the instance's health goes through Raft only when the worst of its checks changes. The
 * forwarder sends the request to that leader.
 */
final class CheckReportRoutes {

    /** The longest note a report may carry. */
    static final int MAX_OUTPUT = 4096;

    private final PartitionRouter router;
    private final HealthMonitor health;
    private final RequestJson json;

    CheckReportRoutes(PartitionRouter router, HealthMonitor health, RequestJson json) {
        this.router = router;
        this.health = health;
        this.json = json;
    }

    void mount(Router r, BodyHandler body, Handler<RoutingContext> requireJson,
            BiConsumer<RoutingContext, Reply.Action> handle) {
        r.put("/v1/services/:service/instances/:id/checks/:n").handler(body).handler(requireJson)
                .handler(ctx -> handle.accept(ctx, () -> report(ctx)));
    }

    private CompletableFuture<Reply> report(RoutingContext ctx) {
        List<String> ns = ctx.queryParam("ns");
        if (ns.size() > 1) {
            throw new InvalidFieldException("ns", "must be given at most once");
        }
        ServiceKey key = new ServiceKey(ns.isEmpty() ? "default" : InstanceRules.namespace(ns.get(0)),
                InstanceRules.service(ctx.pathParam("service")));
        String id = InstanceRules.instanceId(ctx.pathParam("id"));
        String n = ctx.pathParam("n");
        if (!n.matches("[0-9]{1,2}")) {
            throw new InvalidFieldException("n", "must be the check's position, a number from 0, got " + Printable.quote(n));
        }
        byte[] bytes = ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
        CheckReportRequest req = json.read(bytes, CheckReportRequest.class);
        Health status = status(req.status());
        String output = output(req.output());
        router.requireLeader(key);
        CheckReport outcome = health.reportCheck(key, id, Integer.parseInt(n), status, output);
        switch (outcome) {
            case REPORTED -> {
                return CompletableFuture.completedFuture(new Reply(200, -1, Map.of("status", status.wireName()), null));
            }
            case NOT_TTL -> throw new InvalidFieldException("n", "check " + n + " is probed by the registry; only a"
                    + " ttl check takes reports");
            case UNKNOWN_CHECK -> throw new ApiException(404, "not_found", "instance '" + id + "' in service " + key
                    + " has no check " + n, null);
            case NOT_HERE -> {
                ServiceState state = router.read(key);
                Instance found = state == null ? null : state.find(id);
                if (found == null) {
                    throw new ApiException(404, "not_found", "no instance '" + id + "' in service " + key, null);
                }
                if (found.liveness().checks().isEmpty()) {
                    throw new ApiException(404, "not_found", "instance '" + id + "' in service " + key
                            + " has no check " + n, null);
                }
                // Registered, checks not started yet here (the leader is taking over): retry.
                throw new ApiException(503, "unavailable", "the checks of instance '" + id + "' are starting; retry", null);
            }
            default -> throw new IllegalStateException("unhandled " + outcome);
        }
    }

    /** {@code passing}, {@code warning} or {@code critical}: the one spelling the API uses. */
    static Health status(String text) {
        if (text == null) {
            throw new InvalidFieldException("status", "is required: passing, warning or critical");
        }
        for (Health h : Health.values()) {
            if (h.wireName().equals(text)) {
                return h;
            }
        }
        throw new InvalidFieldException("status", "must be passing, warning or critical (lower case), got "
                + Printable.quote(text));
    }

    static String output(String text) {
        if (text == null) {
            return "";
        }
        if (text.length() > MAX_OUTPUT || Printable.hasLoneSurrogate(text)) {
            throw new InvalidFieldException("output", "must be at most " + MAX_OUTPUT + " characters of valid Unicode");
        }
        return text;
    }
}
