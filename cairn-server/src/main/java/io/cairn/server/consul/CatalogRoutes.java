package io.cairn.server.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.command.CommandResult;
import io.cairn.core.command.Deregister;
import io.cairn.core.command.Register;
import io.cairn.core.model.Instance;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.watch.WatchLoop;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/catalog/...}: services, one service's instances, nodes (instance addresses) and one
 * node's services, and registration of external services (a persistent instance whose node is
 * its address).
 */
final class CatalogRoutes {

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.UTF_8);

    private final ConsulReads reads;
    private final ConsulView view;
    private final ConsulAnswers answers;
    private final ConsulApi.Requests requests;
    private final WatchLoop loop;

    CatalogRoutes(ConsulReads reads, ConsulView view, ConsulAnswers answers, ConsulApi.Requests requests, WatchLoop loop) {
        this.reads = reads;
        this.view = view;
        this.answers = answers;
        this.requests = requests;
        this.loop = loop;
    }

    void mount(Router r, BodyHandler body) {
        r.get("/v1/catalog/services").handler(ctx -> answers.handle(ctx, () -> services(ctx)));
        r.get("/v1/catalog/service/:service").handler(ctx -> answers.handle(ctx, () -> service(ctx)));
        r.get("/v1/catalog/nodes").handler(ctx -> answers.handle(ctx, () -> nodes(ctx)));
        r.get("/v1/catalog/node/:node").handler(ctx -> answers.handle(ctx, () -> node(ctx)));
        r.get("/v1/catalog/datacenters").handler(ctx -> answers.handle(ctx, () -> CompletableFuture.completedFuture(
                new ConsulReply(200, -1, answers.encode(List.of(view.datacenter())), true, 0))));
        r.put("/v1/catalog/register").handler(body).handler(ctx -> answers.handle(ctx, () -> register(ctx)));
        r.put("/v1/catalog/deregister").handler(body).handler(ctx -> answers.handle(ctx, () -> deregister(ctx)));
    }

    /** Service name to the union of its instances' tags, for the services that have instances. */
    private CompletableFuture<ConsulReply> services(RoutingContext ctx) {
        ConsulQuery q = requests.query(ctx);
        ServiceFilter filter = ServiceFilter.parse(q.filter());
        return reads.answer(ctx, q, reads.barrier(q, null), ConsulReads.onNamespace(loop, ctx, q.namespace()), () -> {
            ConsulReads.Snapshot s = reads.namespace(ctx, q.namespace(), q.mode());
            Map<String, TreeSet<String>> out = new TreeMap<>();
            for (ServiceState state : s.services()) {
                for (Instance i : state.instances()) {
                    if (filter.test(i)) {
                        out.computeIfAbsent(state.key().service(), k -> new TreeSet<>()).addAll(i.tags());
                    }
                }
            }
            return new ConsulReply(200, s.index(), answers.encode(out), s.knownLeader(), s.lastContact());
        });
    }

    private CompletableFuture<ConsulReply> service(RoutingContext ctx) {
        ConsulQuery q = requests.query(ctx);
        ServiceKey key = HealthRoutes.key(ctx, q);
        List<String> tags = ctx.queryParam("tag");
        ServiceFilter filter = ServiceFilter.parse(q.filter());
        return reads.answer(ctx, q, reads.barrier(q, key), ConsulReads.onService(loop, key), () -> {
            ConsulReads.Snapshot s = reads.service(ctx, key, q.mode());
            List<CatalogService> out = new ArrayList<>();
            for (ServiceState state : s.services()) {
                for (Instance i : state.instances()) {
                    if (i.tags().containsAll(tags) && filter.test(i)) {
                        out.add(view.catalogService(i));
                    }
                }
            }
            return new ConsulReply(200, s.index(), answers.encode(out), s.knownLeader(), s.lastContact());
        });
    }

    private CompletableFuture<ConsulReply> nodes(RoutingContext ctx) {
        ConsulQuery q = requests.query(ctx);
        return reads.answer(ctx, q, reads.barrier(q, null), ConsulReads.onNamespace(loop, ctx, q.namespace()), () -> {
            ConsulReads.Snapshot s = reads.namespace(ctx, q.namespace(), q.mode());
            TreeSet<String> addresses = new TreeSet<>();
            s.services().forEach(state -> state.instances().forEach(i -> addresses.add(i.address())));
            List<ConsulNode> out = new ArrayList<>();
            addresses.forEach(a -> out.add(view.node(a)));
            return new ConsulReply(200, s.index(), answers.encode(out), s.knownLeader(), s.lastContact());
        });
    }

    /** A node's services; Consul answers {@code null} for a node it does not know. */
    private CompletableFuture<ConsulReply> node(RoutingContext ctx) {
        ConsulQuery q = requests.query(ctx);
        String node = ctx.pathParam("node");
        return reads.answer(ctx, q, reads.barrier(q, null), ConsulReads.onNamespace(loop, ctx, q.namespace()), () -> {
            ConsulReads.Snapshot s = reads.namespace(ctx, q.namespace(), q.mode());
            Map<String, AgentService> services = new LinkedHashMap<>();
            for (ServiceState state : s.services()) {
                for (Instance i : state.instances()) {
                    if (i.address().equals(node)) {
                        services.putIfAbsent(i.id(), view.agentService(i));
                    }
                }
            }
            Object body = services.isEmpty() ? null : Map.of("Node", view.node(node), "Services", services);
            return new ConsulReply(200, s.index(), answers.encode(body), s.knownLeader(), s.lastContact());
        });
    }

    /**
     * {@code {"Node", "Address", "Service": {...}, "Check"/"Checks"}}: the service becomes a
     * persistent instance at the node's address (or the service's own). A body without
     * {@code Service} registers nothing, since Cairn has no nodes without services.
     */
    private CompletableFuture<ConsulReply> register(RoutingContext ctx) {
        ConsulQuery q = requests.query(ctx);
        JsonNode body = requests.object(ctx);
        String node = node(body);
        String address = ConsulRegistration.text(body, "Address", "Address");
        if (address == null || address.isEmpty()) {
            throw ConsulError.badRequest("Must provide address if Service is provided");
        }
        JsonNode service = ConsulRegistration.field(body, "Service");
        if (service == null || service.isNull()) {
            throw ConsulError.badRequest("Cairn registers services, not bare nodes: give Service");
        }
        if (!service.isObject()) {
            throw ConsulError.badRequest("Request decode failed: Service must be an object");
        }
        ObjectNode s = ((ObjectNode) service).deepCopy();
        if (ConsulRegistration.field(s, "Name") == null && ConsulRegistration.field(s, "Service") != null) {
            s.set("Name", ConsulRegistration.field(s, "Service"));
        }
        s.remove("Service");
        ConsulApi.Requests.withAddress(s, "Address", address);
        JsonNode check = ConsulRegistration.field(body, "Check");
        JsonNode checks = ConsulRegistration.field(body, "Checks");
        if (check != null && !check.isNull()) {
            s.set("Check", check);
        }
        if (checks != null && !checks.isNull()) {
            s.set("Checks", checks);
        }
        Instance instance = ConsulRegistration.instance(s, q.namespace(), address, Map.of());
        if (requests.forwarded(ctx, instance.key(), null)) {
            return CompletableFuture.completedFuture(ConsulReply.FORWARDED);
        }
        return reads.router().submit(new Register(instance)).thenApply(r -> new ConsulReply(200, -1, TRUE, true, 0));
    }

    private static String node(JsonNode body) {
        String node = ConsulRegistration.text(body, "Node", "Node");
        if (node == null || node.isEmpty()) {
            throw ConsulError.badRequest("Must provide node");
        }
        return node;
    }

    /** {@code {"Node", "ServiceID"}} removes that instance; {@code {"Node"}} alone every instance at that address. */
    private CompletableFuture<ConsulReply> deregister(RoutingContext ctx) {
        ConsulQuery q = requests.query(ctx);
        JsonNode body = requests.object(ctx);
        String node = node(body);
        String serviceId = ConsulRegistration.text(body, "ServiceID", "ServiceID");
        List<Instance> targets = new ArrayList<>();
        if (serviceId != null && !serviceId.isEmpty()) {
            try {
                InstanceRules.instanceId(serviceId);
            } catch (InvalidFieldException e) {
                throw ConsulError.badRequest("Invalid ServiceID: " + e.rule());
            }
            Instance found = reads.findById(q.namespace(), serviceId);
            if (found != null && found.address().equals(node)) {
                targets.add(found);
            }
        } else {
            for (ServiceState state : reads.namespace(q.namespace(), ConsulQuery.Mode.STALE, null).services()) {
                state.instances().stream().filter(i -> i.address().equals(node)).forEach(targets::add);
            }
        }
        if (targets.size() == 1 && requests.forwarded(ctx, targets.get(0).key(), null)) {
            return CompletableFuture.completedFuture(ConsulReply.FORWARDED);
        }
        // Several instances may live in partitions led elsewhere: each write goes to its own
        // partition through the router, which needs this node to lead it (else 503: ask the leader).
        List<CompletableFuture<CommandResult>> writes = new ArrayList<>();
        for (Instance i : targets) {
            writes.add(reads.router().submit(new Deregister(i.key(), i.id())));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .thenApply(v -> new ConsulReply(200, -1, TRUE, true, 0));
    }
}
