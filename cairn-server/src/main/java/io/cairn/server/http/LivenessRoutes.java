package io.cairn.server.http;

import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.partition.PartitionRouter;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code GET /v1/services/{service}/liveness} (docs/api.md, "Liveness"): the heartbeat age and
 * check results of each instance, which live in the memory of the partition's leader only; the
 * forwarder brings the request there like any request about one service.
 */
final class LivenessRoutes {

    private final PartitionRouter router;
    private final HealthMonitor health;
    private final Answers answers;

    LivenessRoutes(PartitionRouter router, HealthMonitor health, Answers answers) {
        this.router = router;
        this.health = health;
        this.answers = answers;
    }

    /** @param get mounts a GET route (that answers HEAD too) */
    void mount(Function<String, Route> get) {
        get.apply("/v1/services/:service/liveness").handler(this::liveness);
    }

    private void liveness(RoutingContext ctx) {
        answers.handle(ctx, () -> {
            ServiceKey key = new ServiceKey(InstanceRoutes.namespace(ctx), InstanceRules.service(ctx.pathParam("service")));
            ServiceState state = router.read(key); // the leader's: only it probes and holds the leases
            return CompletableFuture.completedFuture(new Reply(200, state == null ? 0 : state.revision(),
                    health.liveness(key, state), null));
        });
    }
}
