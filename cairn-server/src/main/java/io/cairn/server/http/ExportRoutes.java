package io.cairn.server.http;

import io.cairn.api.CatalogExport;
import io.cairn.api.InstanceView;
import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.Instance;
import io.cairn.server.cluster.Forwarder;
import io.cairn.server.cluster.PeerClient;
import io.cairn.server.partition.PartitionRouter;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code GET /v1/export}: the whole catalog as a {@link CatalogExport}, from any node. Each
 * partition is read on its leader: locally where this node leads it, else from the leader with
 * {@code GET /v1/export?partition=P} (which a node answers only for a partition it leads, so
 * that an export never holds a lagging replica's state). One partition without a reachable leader
 * fails the whole export with 503: a partial export is never given as a whole one.
 *
 * <p>The export is built in memory (about 300 bytes per instance): it is meant for backups and
 * moves of registries of up to a few hundred thousand instances.
 */
final class ExportRoutes {

    private static final Duration PART_TIMEOUT = Duration.ofSeconds(30);

    private final PartitionRouter router;
    private final Forwarder forwarder;
    private final Answers answers;
    private final String self;

    ExportRoutes(PartitionRouter router, Forwarder forwarder, Answers answers, String self) {
        this.router = router;
        this.forwarder = forwarder;
        this.answers = answers;
        this.self = self;
    }

    void mount(Function<String, Route> get) {
        get.apply("/v1/export").handler(ctx -> answers.handle(ctx, () -> export(ctx)));
    }

    private CompletableFuture<Reply> export(RoutingContext ctx) {
        List<String> asked = ctx.queryParam("partition");
        if (!asked.isEmpty()) {
            int p = partitionParam(asked);
            List<InstanceView> part = ledPart(p);
            if (part == null) {
                throw new ApiException(503, "unavailable", "partition " + p + " is not led by this node", null);
            }
            return CompletableFuture.completedFuture(new Reply(200, -1,
                    new CatalogExport(CatalogExport.FORMAT, router.partitions(), part), null));
        }
        List<CompletableFuture<List<InstanceView>>> parts = new ArrayList<>();
        for (int p = 0; p < router.partitions(); p++) {
            List<InstanceView> local = ledPart(p);
            parts.add(local != null ? CompletableFuture.completedFuture(local) : remotePart(p));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<InstanceView> all = new ArrayList<>();
            for (CompletableFuture<List<InstanceView>> part : parts) {
                all.addAll(part.join());
            }
            all.sort(Comparator.comparing(InstanceView::namespace).thenComparing(InstanceView::service)
                    .thenComparing(InstanceView::id));
            return new Reply(200, -1, new CatalogExport(CatalogExport.FORMAT, router.partitions(), all), null);
        });
    }

    private int partitionParam(List<String> asked) {
        String value = asked.get(0);
        int p;
        try {
            p = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (asked.size() > 1 || p < 0 || p >= router.partitions()) {
            throw new ApiException(400, "invalid_field", "partition must be one integer from 0 to "
                    + (router.partitions() - 1), "partition");
        }
        return p;
    }

    /** A partition's instances when this node leads it, else null. */
    private List<InstanceView> ledPart(int p) {
        PartitionCatalog catalog = router.catalogIfLeader(p);
        if (catalog == null) {
            return null;
        }
        List<InstanceView> out = new ArrayList<>();
        for (ServiceState s : catalog.services()) {
            for (Instance i : s.instances()) {
                out.add(InstanceRoutes.view(i));
            }
        }
        return out;
    }

    private CompletableFuture<List<InstanceView>> remotePart(int p) {
        String address = forwarder.leaderAddress(p);
        if (address == null) {
            return CompletableFuture.failedFuture(unavailable(p, "has no leader that this node knows of"));
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(PeerClient.FORWARDED_HEADER, self);
        PeerClient peers = forwarder.peers();
        return peers.send(HttpMethod.GET, address, "/v1/export?partition=" + p, headers, Buffer.buffer(), PART_TIMEOUT)
                .handle((answer, failure) -> {
                    if (failure != null) {
                        throw unavailable(p, "could not be read from its leader " + address + ": " + failure.getMessage());
                    }
                    if (answer.status() != 200) {
                        throw unavailable(p, "could not be read from its leader " + address + " (HTTP " + answer.status() + ")");
                    }
                    try {
                        return peers.mapper().readValue(answer.body().getBytes(), CatalogExport.class).instances();
                    } catch (IOException e) {
                        throw unavailable(p, "came unreadable from " + address + ": " + e.getMessage());
                    }
                });
    }

    private static ApiException unavailable(int p, String why) {
        return new ApiException(503, "unavailable", "the export is incomplete: partition " + p + " " + why
                + "; retry shortly", null);
    }
}
