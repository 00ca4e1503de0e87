package io.cairn.server.consul;

import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.Instance;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.watch.WatchLoop;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/health/...}: one service's instances with their node and checks ({@code ?passing},
 * {@code ?tag=}, {@code ?filter=}), one service's checks, the namespace's checks in a state, and
 * one node's checks. {@code ?passing} keeps instances whose checks all pass (the catalog's health
 * is passing and no maintenance mode).
 */
final class HealthRoutes {

    private static final Set<String> STATES = Set.of("any", "passing", "warning", "critical");

    private final ConsulReads reads;
    private final ConsulView view;
    private final ConsulAnswers answers;
    private final WatchLoop loop;
    private final HealthAnswerCache cache = new HealthAnswerCache();

    HealthRoutes(ConsulReads reads, ConsulView view, ConsulAnswers answers, WatchLoop loop) {
        this.reads = reads;
        this.view = view;
        this.answers = answers;
        this.loop = loop;
    }

    void mount(Router r) {
        r.get("/v1/health/service/:service").handler(ctx -> answers.handle(ctx, () -> service(ctx)));
        r.get("/v1/health/checks/:service").handler(ctx -> answers.handle(ctx, () -> serviceChecks(ctx)));
        r.get("/v1/health/state/:state").handler(ctx -> answers.handle(ctx, () -> state(ctx)));
        r.get("/v1/health/node/:node").handler(ctx -> answers.handle(ctx, () -> node(ctx)));
    }

    static ServiceKey key(RoutingContext ctx, ConsulQuery q) {
        try {
            return new ServiceKey(q.namespace(), InstanceRules.service(ctx.pathParam("service")));
        } catch (InvalidFieldException e) {
            throw ConsulError.badRequest("Invalid service name: " + e.rule());
        }
    }

    private CompletableFuture<ConsulReply> service(RoutingContext ctx) {
        ConsulQuery q = ConsulQuery.of(ctx, view.datacenter());
        ServiceKey key = key(ctx, q);
        List<String> tags = ctx.queryParam("tag");
        boolean passing = ctx.queryParams().contains("passing") && !"false".equals(ConsulQuery.single(ctx, "passing"));
        ServiceFilter filter = ServiceFilter.parse(q.filter());
        boolean cacheable = q.filter() == null || q.filter().isBlank();
        HealthAnswerCache.Key cacheKey = cacheable ? new HealthAnswerCache.Key(key, passing, List.copyOf(tags)) : null;
        return reads.answer(ctx, q, reads.barrier(q, key), ConsulReads.onService(loop, key), () -> {
            ConsulReads.Snapshot s = reads.service(ctx, key, q.mode());
            // Read before the state is looked at: a result that changes meanwhile moves it, and
            // the answer built now is then stored under the older number and never reused.
            long checkResults = view.checkResultChanges();
            ServiceState only = s.services().size() == 1 ? s.services().get(0) : null;
            if (cacheable && only != null) {
                byte[] cached = cache.get(cacheKey, only, checkResults);
                if (cached != null) {
                    return new ConsulReply(200, s.index(), cached, s.knownLeader(), s.lastContact());
                }
            }
            List<ServiceEntry> out = new ArrayList<>();
            for (ServiceState state : s.services()) {
                for (Instance i : state.instances()) {
                    if (i.tags().containsAll(tags) && (!passing || ConsulView.passing(i)) && filter.test(i)) {
                        out.add(view.entry(i));
                    }
                }
            }
            byte[] body = answers.encode(out);
            if (cacheable && only != null) {
                cache.put(cacheKey, only, checkResults, body);
            }
            return new ConsulReply(200, s.index(), body, s.knownLeader(), s.lastContact());
        });
    }

    private CompletableFuture<ConsulReply> serviceChecks(RoutingContext ctx) {
        ConsulQuery q = ConsulQuery.of(ctx, view.datacenter());
        ServiceKey key = key(ctx, q);
        ServiceFilter filter = ServiceFilter.parse(q.filter());
        return reads.answer(ctx, q, reads.barrier(q, key), ConsulReads.onService(loop, key), () -> {
            ConsulReads.Snapshot s = reads.service(ctx, key, q.mode());
            List<HealthCheck> out = new ArrayList<>();
            for (ServiceState state : s.services()) {
                for (Instance i : state.instances()) {
                    if (filter.test(i)) {
                        out.addAll(view.checks(i));
                    }
                }
            }
            return new ConsulReply(200, s.index(), answers.encode(out), s.knownLeader(), s.lastContact());
        });
    }

    private CompletableFuture<ConsulReply> state(RoutingContext ctx) {
        ConsulQuery q = ConsulQuery.of(ctx, view.datacenter());
        String wanted = ctx.pathParam("state");
        if (!STATES.contains(wanted)) {
            throw ConsulError.badRequest("Invalid check state: \"" + wanted + "\"");
        }
        ServiceFilter filter = ServiceFilter.parse(q.filter());
        return reads.answer(ctx, q, reads.barrier(q, null), ConsulReads.onNamespace(loop, ctx, q.namespace()), () -> {
            ConsulReads.Snapshot s = reads.namespace(ctx, q.namespace(), q.mode());
            List<HealthCheck> out = new ArrayList<>();
            for (ServiceState state : s.services()) {
                for (Instance i : state.instances()) {
                    if (!filter.test(i)) {
                        continue;
                    }
                    for (HealthCheck c : view.checks(i)) {
                        if (wanted.equals("any") || wanted.equals(c.status())) {
                            out.add(c);
                        }
                    }
                }
            }
            return new ConsulReply(200, s.index(), answers.encode(out), s.knownLeader(), s.lastContact());
        });
    }

    private CompletableFuture<ConsulReply> node(RoutingContext ctx) {
        ConsulQuery q = ConsulQuery.of(ctx, view.datacenter());
        String node = ctx.pathParam("node");
        return reads.answer(ctx, q, reads.barrier(q, null), ConsulReads.onNamespace(loop, ctx, q.namespace()), () -> {
            ConsulReads.Snapshot s = reads.namespace(ctx, q.namespace(), q.mode());
            List<HealthCheck> out = new ArrayList<>();
            for (ServiceState state : s.services()) {
                for (Instance i : state.instances()) {
                    if (i.address().equals(node)) {
                        out.addAll(view.checks(i));
                    }
                }
            }
            return new ConsulReply(200, s.index(), answers.encode(out), s.knownLeader(), s.lastContact());
        });
    }
}
