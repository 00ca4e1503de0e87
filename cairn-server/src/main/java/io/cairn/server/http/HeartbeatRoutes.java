package io.cairn.server.http;

import io.cairn.api.HeartbeatRequest;
import io.cairn.api.HeartbeatResult;
import io.cairn.api.InstanceRef;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.cluster.HeartbeatRelay;
import io.cairn.server.cluster.PeerClient;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.health.HeartbeatOutcome;
import io.cairn.server.partition.PartitionRouter;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * {@code PUT /v1/heartbeat} (many instances in one call) and
 * {@code PUT /v1/services/{service}/instances/{id}/heartbeat} (one). A heartbeat renews leases
 * in the partition leaders' memory and writes nothing to Raft.
 *
 * <p>Any node takes a batch: it renews the instances of partitions it leads and sends the rest
 * on to their leaders ({@link HeartbeatRelay}), answering the sum. A batch is all or nothing on
 * availability: when a part cannot be renewed (no leader known, a leader that does not answer)
 * the whole call answers 503, and the client retries it; renewing twice is harmless.
 */
final class HeartbeatRoutes {

    /** The most instances one batch may name (documented in docs/api.md, "Limits"). */
    static final int MAX_BATCH = 10_000;

    private final PartitionRouter router;
    private final HealthMonitor health;
    private final RequestJson json;

    private final HeartbeatRelay relay;

    HeartbeatRoutes(PartitionRouter router, HealthMonitor health, RequestJson json, HeartbeatRelay relay) {
        this.relay = relay;
        this.router = router;
        this.health = health;
        this.json = json;
    }

    void mount(Router r, BodyHandler body, Handler<RoutingContext> requireJson,
            BiConsumer<RoutingContext, Reply.Action> handle) {
        r.put("/v1/heartbeat").handler(body).handler(requireJson).handler(ctx -> handle.accept(ctx, () -> batch(ctx)));
        r.put("/v1/services/:service/instances/:id/heartbeat").handler(body)
                .handler(ctx -> handle.accept(ctx, () -> one(ctx)));
    }

    private CompletableFuture<Reply> batch(RoutingContext ctx) {
        byte[] bytes = ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
        HeartbeatRequest req = json.read(bytes, HeartbeatRequest.class);
        if (req.instances() == null) {
            throw new InvalidFieldException("instances", "is required: a list of {namespace, service, id}");
        }
        if (req.instances().size() > MAX_BATCH) {
            throw new InvalidFieldException("instances", "at most " + MAX_BATCH + " per heartbeat");
        }
        // Validate everything first: a bad entry renews nothing.
        List<ServiceKey> keys = new ArrayList<>(req.instances().size());
        for (int i = 0; i < req.instances().size(); i++) {
            InstanceRef ref = req.instances().get(i);
            String field = "instances[" + i + "]";
            if (ref == null) {
                throw new InvalidFieldException(field, "must be an object {namespace, service, id}");
            }
            try {
                ServiceKey key = new ServiceKey(ref.namespace() == null ? "default" : InstanceRules.namespace(ref.namespace()),
                        InstanceRules.service(ref.service()));
                InstanceRules.instanceId(ref.id());
                keys.add(key);
            } catch (InvalidFieldException e) {
                throw new InvalidFieldException(field + "." + (e.field().equals("ns") ? "namespace" : e.field()), e.rule());
            }
        }
        // Every instance needs write on its service: a batch with one the token may not write renews nothing.
        for (ServiceKey key : keys) {
            AccessGuard.requireWrite(ctx, key);
        }
        // Split by leader: this node's partitions are renewed here, the rest are sent on to
        // their leaders (a batch that was itself forwarded is never sent on again).
        boolean forwarded = ctx.request().getHeader(PeerClient.FORWARDED_HEADER) != null;
        List<Integer> local = new ArrayList<>();
        Map<String, List<InstanceRef>> remote = new LinkedHashMap<>();
        // An instance named twice is one instance: renewed, counted and listed once.
        Set<List<Object>> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!seen.add(List.of(keys.get(i), req.instances().get(i).id()))) {
                continue;
            }
            int p = router.partitionOf(keys.get(i));
            if (router.leaderTerm(p) >= 0) {
                local.add(i);
                continue;
            }
            String address = forwarded ? null : relay.leaderAddress(p);
            if (address == null) {
                router.requireLeader(keys.get(i)); // throws: 503, the client retries the batch
            }
            InstanceRef ref = req.instances().get(i);
            remote.computeIfAbsent(address, a -> new ArrayList<>())
                    .add(new InstanceRef(keys.get(i).namespace(), ref.service(), ref.id()));
        }
        int renewed = 0;
        List<InstanceRef> unknown = new ArrayList<>();
        List<InstanceRef> persistent = new ArrayList<>();
        for (int i : local) {
            InstanceRef ref = req.instances().get(i);
            switch (renew(keys.get(i), ref.id())) {
                case RENEWED -> renewed++;
                case UNKNOWN -> unknown.add(new InstanceRef(keys.get(i).namespace(), ref.service(), ref.id()));
                case PERSISTENT -> persistent.add(new InstanceRef(keys.get(i).namespace(), ref.service(), ref.id()));
            }
        }
        HeartbeatResult here = new HeartbeatResult(renewed, unknown, persistent);
        if (remote.isEmpty()) {
            return CompletableFuture.completedFuture(new Reply(200, -1, here, null));
        }
        List<CompletableFuture<HeartbeatResult>> parts = new ArrayList<>();
        for (Map.Entry<String, List<InstanceRef>> e : remote.entrySet()) {
            parts.add(relay.send(e.getKey(), e.getValue()));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).handle((v, error) -> {
            if (error != null) {
                throw new ApiException(503, "unavailable", "a partition leader did not take its part of the"
                        + " heartbeat: " + error.getMessage() + "; retry the batch (renewing twice is harmless)", null);
            }
            int total = here.renewed();
            List<InstanceRef> allUnknown = new ArrayList<>(here.unknown());
            List<InstanceRef> allPersistent = new ArrayList<>(here.persistent());
            for (CompletableFuture<HeartbeatResult> part : parts) {
                HeartbeatResult r = part.join();
                total += r.renewed();
                allUnknown.addAll(r.unknown());
                allPersistent.addAll(r.persistent());
            }
            return new Reply(200, -1, new HeartbeatResult(total, allUnknown, allPersistent), null);
        });
    }

    private CompletableFuture<Reply> one(RoutingContext ctx) {
        requireNoBody(ctx);
        List<String> ns = ctx.queryParam("ns");
        if (ns.size() > 1) {
            throw new InvalidFieldException("ns", "must be given at most once");
        }
        ServiceKey key = new ServiceKey(ns.isEmpty() ? "default" : InstanceRules.namespace(ns.get(0)),
                InstanceRules.service(ctx.pathParam("service")));
        String id = InstanceRules.instanceId(ctx.pathParam("id"));
        router.requireLeader(key);
        InstanceRef ref = new InstanceRef(key.namespace(), key.service(), id);
        return CompletableFuture.completedFuture(switch (renew(key, id)) {
            case RENEWED -> new Reply(200, -1, new HeartbeatResult(1, List.of(), List.of()), null);
            case PERSISTENT -> new Reply(200, -1, new HeartbeatResult(0, List.of(), List.of(ref)), null);
            case UNKNOWN -> throw new ApiException(404, "not_found",
                    "no ephemeral instance '" + id + "' in service " + key + ": register it again", null);
        });
    }

    /**
     * This heartbeat names its instance in the path and takes no body; a body other than none
     * or {@code {}} is refused rather than ignored, since the client meant something by it.
     */
    private void requireNoBody(RoutingContext ctx) {
        io.vertx.core.buffer.Buffer b = ctx.body().buffer();
        if (b == null || b.length() == 0) {
            return;
        }
        String text = b.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        if (!text.isEmpty() && !text.replaceAll("\\s", "").equals("{}")) {
            throw new ApiException(400, "invalid_body",
                    "this heartbeat takes no body (the instance is named in the path); send none or {}", null);
        }
    }

    private HeartbeatOutcome renew(ServiceKey key, String id) {
        HeartbeatOutcome fast = health.heartbeat(key, id, null);
        if (fast != HeartbeatOutcome.UNKNOWN) {
            return fast;
        }
        // Only the slow path reads the catalog: to tell a persistent instance from a missing one.
        ServiceState state = router.read(key);
        return health.heartbeat(key, id, state);
    }
}
