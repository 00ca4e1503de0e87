package io.cairn.server.consul;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.command.CommandResult;
import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.health.CheckReport;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.watch.WatchLoop;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code /v1/agent/service/...} and {@code /v1/agent/check/...}. Cairn has no agents, so "the
 * agent's services" are the namespace's instances, and an instance is found by its id alone (the
 * first match when two services share an id; Consul ids are unique per agent). Writes go to the
 * leader of the service's partition: this node forwards them there when it does not lead it.
 */
final class AgentRoutes {

    /** The longest check output kept (Consul's default {@code check_output_max_size}). */
    static final int MAX_OUTPUT = 4096;

    private final ConsulReads reads;
    private final ConsulView view;
    private final HealthMonitor health;
    private final ConsulAnswers answers;
    private final ConsulApi.Requests requests;
    private final WatchLoop loop;

    AgentRoutes(ConsulReads reads, ConsulView view, HealthMonitor health, ConsulAnswers answers,
            ConsulApi.Requests requests, WatchLoop loop) {
        this.reads = reads;
        this.view = view;
        this.health = health;
        this.answers = answers;
        this.requests = requests;
        this.loop = loop;
    }

    void mount(Router r, BodyHandler body) {
        r.put("/v1/agent/service/register").handler(body).handler(ctx -> answers.handle(ctx, () -> register(ctx)));
        r.put("/v1/agent/service/deregister/:id").handler(body).handler(ctx -> answers.handle(ctx, () -> deregister(ctx)));
        r.put("/v1/agent/service/maintenance/:id").handler(body)
                .handler(ctx -> answers.handle(ctx, () -> maintenance(ctx)));
        r.get("/v1/agent/services").handler(ctx -> answers.handle(ctx, () -> services(ctx)));
        r.get("/v1/agent/service/:id").handler(ctx -> answers.handle(ctx, () -> service(ctx)));
        r.get("/v1/agent/checks").handler(ctx -> answers.handle(ctx, () -> checks(ctx)));
        for (String verb : List.of("pass", "warn", "fail")) {
            Health status = verb.equals("pass") ? Health.PASSING : verb.equals("warn") ? Health.WARNING : Health.CRITICAL;
            r.put("/v1/agent/check/" + verb + "/:check").handler(body).handler(ctx -> answers.handle(ctx,
                    () -> report(ctx, status, note(ctx))));
        }
        r.put("/v1/agent/check/update/:check").handler(body).handler(ctx -> answers.handle(ctx, () -> update(ctx)));
    }

    private CompletableFuture<ConsulReply> register(RoutingContext ctx) {
        ConsulQuery q = requests.query(ctx);
        JsonNode body = ConsulApi.Requests.withAddress(requests.json(ctx), "Address",
                ctx.request().remoteAddress().hostAddress());
        Instance parsed = ConsulRegistration.instance(body, q.namespace(), null, Map.of());
        if (requests.forwarded(ctx, parsed.key(), body)) {
            return CompletableFuture.completedFuture(ConsulReply.FORWARDED);
        }
        // A re-registration keeps a maintenance mode, as Consul's agent does.
        Instance current = current(parsed.key(), parsed.id());
        String maintenance = current == null ? null : current.meta().get(ConsulView.MAINTENANCE_KEY);
        Instance instance = maintenance == null ? parsed
                : ConsulRegistration.instance(body, q.namespace(), null, Map.of(ConsulView.MAINTENANCE_KEY, maintenance));
        return reads.router().submit(new Register(instance)).thenApply(result -> ConsulReply.written());
    }

    private CompletableFuture<ConsulReply> deregister(RoutingContext ctx) {
        ConsulQuery q = requests.query(ctx);
        String id = ctx.pathParam("id");
        return reads.findByIdFresh(q.namespace(), id).thenCompose(found -> {
            if (found == null) {
                throw unknownService(id);
            }
            if (requests.forwarded(ctx, found.key(), null)) {
                return CompletableFuture.completedFuture(ConsulReply.FORWARDED);
            }
            return reads.router().submit(new Deregister(found.key(), id)).thenApply(result -> {
                if (result.outcome() == CommandResult.Outcome.NOT_FOUND) {
                    throw unknownService(id);
                }
                return ConsulReply.written();
            });
        });
    }

    private CompletableFuture<ConsulReply> maintenance(RoutingContext ctx) {
        ConsulQuery q = requests.query(ctx);
        String id = ctx.pathParam("id");
        String enable = ConsulQuery.single(ctx, "enable");
        if (enable == null) {
            throw ConsulError.badRequest("Missing value for enable");
        }
        if (!enable.equals("true") && !enable.equals("false")) {
            throw ConsulError.badRequest("Invalid value for enable: \"" + enable + "\"");
        }
        String reason = ConsulQuery.single(ctx, "reason");
        return reads.findByIdFresh(q.namespace(), id).thenCompose(found -> {
            if (found == null) {
                throw unknownService(id);
            }
            if (requests.forwarded(ctx, found.key(), null)) {
                return CompletableFuture.completedFuture(ConsulReply.FORWARDED);
            }
            Instance current = current(found.key(), id);
            if (current == null) {
                throw unknownService(id);
            }
            Map<String, String> meta = new LinkedHashMap<>(current.meta());
            if (enable.equals("true")) {
                meta.put(ConsulView.MAINTENANCE_KEY, reason == null ? "" : reason);
            } else {
                meta.remove(ConsulView.MAINTENANCE_KEY);
            }
            Instance changed = new Instance(current.key(), current.id(), current.address(), current.port(),
                    current.tags(), meta, current.weight(), current.liveness(), current.health());
            try {
                InstanceRules.validate(changed);
            } catch (InvalidFieldException e) {
                throw ConsulError.badRequest("Invalid reason: " + e.rule());
            }
            return reads.router().submit(new Register(changed)).thenApply(result -> ConsulReply.written());
        });
    }

    private CompletableFuture<ConsulReply> services(RoutingContext ctx) {
        ConsulQuery q = requests.query(ctx);
        ServiceFilter filter = ServiceFilter.parse(q.filter());
        return reads.answer(ctx, q, reads.barrier(q, null), ConsulReads.onNamespace(loop, ctx, q.namespace()), () -> {
            ConsulReads.Snapshot s = reads.namespace(ctx, q.namespace(), q.mode());
            Map<String, AgentService> out = new LinkedHashMap<>();
            for (ServiceState state : s.services()) {
                for (Instance i : state.instances()) {
                    if (filter.test(i)) {
                        out.putIfAbsent(i.id(), view.agentService(i));
                    }
                }
            }
            return new ConsulReply(200, s.index(), answers.encode(out), s.knownLeader(), s.lastContact());
        });
    }

    private CompletableFuture<ConsulReply> service(RoutingContext ctx) {
        ConsulQuery q = requests.query(ctx);
        String id = ctx.pathParam("id");
        return reads.findByIdFresh(q.namespace(), id).thenCompose(found -> {
            if (found == null) {
                throw ConsulError.notFound("unknown service ID: " + id);
            }
            ServiceKey key = found.key();
            return reads.answer(ctx, q, reads.barrier(q, key), ConsulReads.onService(loop, key), () -> {
                ConsulReads.Snapshot s = reads.service(ctx, key, q.mode());
                Instance i = s.services().isEmpty() ? null : s.services().get(0).find(id);
                if (i == null) {
                    throw ConsulError.notFound("unknown service ID: " + id);
                }
                return new ConsulReply(200, s.index(), answers.encode(view.agentService(i)), s.knownLeader(),
                        s.lastContact());
            });
        });
    }

    private CompletableFuture<ConsulReply> checks(RoutingContext ctx) {
        ConsulQuery q = requests.query(ctx);
        return reads.answer(ctx, q, reads.barrier(q, null), ConsulReads.onNamespace(loop, ctx, q.namespace()), () -> {
            ConsulReads.Snapshot s = reads.namespace(ctx, q.namespace(), q.mode());
            Map<String, HealthCheck> out = new LinkedHashMap<>();
            for (ServiceState state : s.services()) {
                for (Instance i : state.instances()) {
                    for (HealthCheck c : view.checks(i)) {
                        out.putIfAbsent(c.checkId(), c);
                    }
                }
            }
            return new ConsulReply(200, s.index(), answers.encode(out), s.knownLeader(), s.lastContact());
        });
    }

    private static String note(RoutingContext ctx) {
        String note = ConsulQuery.single(ctx, "note");
        return note == null ? "" : note;
    }

    private CompletableFuture<ConsulReply> update(RoutingContext ctx) {
        JsonNode body = requests.object(ctx);
        String status = ConsulRegistration.text(body, "Status", "Status");
        Health health = null;
        for (Health h : Health.values()) {
            if (h.wireName().equals(status)) {
                health = h;
            }
        }
        if (health == null) {
            throw ConsulError.badRequest("Invalid check status: \"" + status + "\"");
        }
        String output = ConsulRegistration.text(body, "Output", "Output");
        return report(ctx, health, output == null ? "" : output);
    }

    /** A TTL check's report, on the node that runs the instance's checks (the partition leader). */
    private CompletableFuture<ConsulReply> report(RoutingContext ctx, Health status, String output) {
        ConsulQuery q = requests.query(ctx);
        String checkId = ctx.pathParam("check");
        Function<String, CompletableFuture<Instance>> byId = id -> reads.findByIdFresh(q.namespace(), id);
        return CheckRef.resolve(checkId, byId).thenCompose(ref -> {
            if (ref == null) {
                throw ConsulError.notFound("Unknown check ID \"" + checkId + "\"");
            }
            if (requests.forwarded(ctx, ref.instance().key(), null)) {
                return CompletableFuture.completedFuture(ConsulReply.FORWARDED);
            }
            String kept = output.length() > MAX_OUTPUT ? output.substring(0, MAX_OUTPUT) : output;
            CheckReport outcome = health.reportCheck(ref.instance().key(), ref.instance().id(), ref.position(), status,
                    kept);
            return switch (outcome) {
                case REPORTED -> CompletableFuture.completedFuture(ConsulReply.written());
                case NOT_TTL -> throw ConsulError.badRequest("CheckID \"" + checkId + "\" does not have associated TTL");
                case UNKNOWN_CHECK -> throw ConsulError.notFound("Unknown check ID \"" + checkId + "\"");
                case NOT_HERE -> throw new ConsulError(503, "The checks of service ID \"" + ref.instance().id()
                        + "\" are starting on this node; retry");
            };
        });
    }

    private Instance current(ServiceKey key, String id) {
        ServiceState state = reads.router().read(key);
        return state == null ? null : state.find(id);
    }

    private static ConsulError unknownService(String id) {
        return ConsulError.notFound("Unknown service ID \"" + id + "\". Ensure that the service ID is passed, not the"
                + " service name.");
    }
}
