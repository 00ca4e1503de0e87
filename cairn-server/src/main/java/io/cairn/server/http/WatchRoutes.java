package io.cairn.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.watch.EventStream;
import io.cairn.server.watch.ListStream;
import io.cairn.server.watch.PushedStream;
import io.cairn.server.watch.WatchLoop;
import io.cairn.server.watch.WatchSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import io.cairn.server.cluster.Forwarder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.BiConsumer;

/**
 * The watch streams (server-sent events), documented in docs/api.md, "Watches":
 * {@code /v1/watch/services/{service}}, {@code /v1/watch/services} and {@code /v1/watch}.
 * Routes of one event loop; streams live on that loop.
 */
final class WatchRoutes {

    private static final Duration LIST_WINDOW = Duration.ofMillis(10);

    private final PartitionRouter router;
    private final WatchLoop loop;
    private final ObjectMapper json;
    private final SseFormat format;
    private final BiConsumer<RoutingContext, Throwable> error;
    private final WatchSettings settings;
    private final Forwarder forwarder;
    private final GatheredListing gathered;

    /** @param forwarder reads the parts of a stream that live in partitions this node does not hold */
    WatchRoutes(PartitionRouter router, WatchLoop loop, ObjectMapper json, BiConsumer<RoutingContext, Throwable> error,
            Forwarder forwarder) {
        this.forwarder = forwarder;
        this.gathered = new GatheredListing(router, forwarder, loop);
        this.router = router;
        this.loop = loop;
        this.json = json;
        this.format = new SseFormat(json);
        this.error = error;
        this.settings = loop.hub().settings();
    }

    /** @param get mounts a GET route (that answers HEAD too) */
    void mount(Function<String, Route> get) {
        get.apply("/v1/watch/services/:service").handler(head(this::serviceStream));
        get.apply("/v1/watch/services").handler(head(this::listStream));
        get.apply("/v1/watch").handler(head(this::multiStream));
    }

    /**
     * HEAD on a stream answers the stream's headers and ends: a stream that sends no events
     * would otherwise hold the connection for nothing.
     */
    private static Handler<RoutingContext> head(Handler<RoutingContext> stream) {
        return ctx -> {
            if (ctx.request().method() == HttpMethod.HEAD) {
                ctx.response().putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache")
                        .end();
            } else {
                stream.handle(ctx);
            }
        };
    }

    private void serviceStream(RoutingContext ctx) {
        try {
            ServiceKey key = new ServiceKey(namespace(ctx), InstanceRules.service(ctx.pathParam("service")));
            String sinceText = BlockingRead.single(ctx, "since");
            if (sinceText == null) {
                sinceText = ctx.request().getHeader("Last-Event-ID");
            }
            Map<ServiceKey, Long> since = sinceText == null ? Map.of()
                    : Map.of(key, SinceRevisions.revision("since", sinceText));
            EventStream stream = new EventStream(loop, ctx.response(), Set.of(key), null, router::readLocal, format,
                    coalesce(ctx)).direct(ctx.request());
            int p = router.partitionOf(key);
            stream.servedWhile(() -> router.holds(p));
            stream.open(List.of(key), since);
        } catch (RuntimeException e) {
            error.accept(ctx, e);
        }
    }

    private void multiStream(RoutingContext ctx) {
        try {
            String ns = namespace(ctx);
            List<String> names = ctx.queryParam("service");
            if (names.size() > settings.maxServicesPerStream()) {
                throw new InvalidFieldException("service", "at most " + settings.maxServicesPerStream()
                        + " services per stream");
            }
            Set<ServiceKey> keys = new LinkedHashSet<>();
            for (String name : names) {
                keys.add(new ServiceKey(ns, InstanceRules.service(name)));
            }
            Map<ServiceKey, Long> since = SinceRevisions.of(ctx, ns);
            String part = BlockingRead.single(ctx, "partition");
            if (part != null) {
                partStream(ctx, ns, keys, since, partitionParam(part));
                return;
            }
            Set<Integer> served = servedHere(since);
            boolean allServed = served.size() == router.partitions();
            if ((!allServed && keys.isEmpty()) || !keys.stream().allMatch(k -> served.contains(router.partitionOf(k)))) {
                mergedStream(ctx, ns, keys, since, served);
                return;
            }
            Set<ServiceKey> initial = new LinkedHashSet<>(keys);
            if (keys.isEmpty()) {
                // The whole namespace: every service with instances now, and any the client knew.
                for (PartitionCatalog c : router.allCatalogs()) {
                    addServices(c, ns, since, initial);
                }
                initial.addAll(since.keySet());
            }
            // A namespace stream carries only the services the caller may read (AccessRule lets any
            // token open one); a stream of named services was checked for each of them already.
            Predicate<ServiceKey> visible = AccessGuard.readable(ctx);
            initial.removeIf(visible.negate());
            EventStream stream = new EventStream(loop, ctx.response(), keys, keys.isEmpty() ? ns : null, visible,
                    keys.size() != 1, router::readLocal, format, coalesce(ctx)).direct(ctx.request());
            // Served from this node's replicas: once it lost one, the client goes on elsewhere.
            Set<Integer> serving = new HashSet<>();
            if (keys.isEmpty()) {
                for (int p = 0; p < router.partitions(); p++) {
                    serving.add(p);
                }
            }
            keys.forEach(k -> serving.add(router.partitionOf(k)));
            stream.servedWhile(() -> serving.stream().allMatch(router::holds));
            stream.open(initial, since);
        } catch (RuntimeException e) {
            error.accept(ctx, e);
        }
    }

    /** The namespace's services in {@code catalog} that have instances or that the client knew. */
    private static void addServices(PartitionCatalog catalog, String ns, Map<ServiceKey, Long> since,
            Set<ServiceKey> into) {
        for (ServiceState s : catalog.services()) {
            if (s.key().namespace().equals(ns) && (!s.isEmpty() || since.containsKey(s.key()))) {
                into.add(s.key());
            }
        }
    }

    /**
     * {@code ?partition=P}: one partition's part of a stream that a node holding only some
     * partitions merges ({@link MergedStream}): the listed services (all in P), or without
     * {@code service} every service of the namespace in P; always in the multi-service format.
     */
    private void partStream(RoutingContext ctx, String ns, Set<ServiceKey> keys, Map<ServiceKey, Long> since, int p) {
        if (!router.holds(p)) {
            throw new ApiException(503, "unavailable", "this node holds no replica of partition " + p, null);
        }
        for (ServiceKey k : keys) {
            if (router.partitionOf(k) != p) {
                throw new InvalidFieldException("service", "service '" + k.service() + "' is not in partition " + p);
            }
        }
        Predicate<ServiceKey> visible = AccessGuard.readable(ctx);
        Predicate<ServiceKey> scope = k -> router.partitionOf(k) == p && visible.test(k);
        Map<ServiceKey, Long> ours = within(since, scope);
        Set<ServiceKey> initial = new LinkedHashSet<>(keys);
        if (keys.isEmpty()) {
            addServices(router.catalogForListing(p), ns, ours, initial);
            initial.addAll(ours.keySet());
            initial.removeIf(visible.negate());
        }
        EventStream stream = new EventStream(loop, ctx.response(), keys, keys.isEmpty() ? ns : null, scope, true,
                router::readLocal, format, coalesce(ctx)).direct(ctx.request());
        stream.servedWhile(() -> router.holds(p));
        stream.open(initial, ours);
    }

    /**
     * A multi-service or namespace stream on a node that holds only some of its partitions: this
     * node's partitions served here, each other partition's part relayed from its leader
     * (see {@link MergedStream} for the ids and the order).
     *
     * @param held the partitions served from this node's replicas ({@link #servedHere})
     */
    private void mergedStream(RoutingContext ctx, String ns, Set<ServiceKey> keys, Map<ServiceKey, Long> since,
            Set<Integer> held) {
        Duration coalesce = coalesce(ctx);
        Set<Integer> remote = new TreeSet<>();
        for (int p = 0; p < router.partitions() && keys.isEmpty(); p++) {
            if (!held.contains(p)) {
                remote.add(p);
            }
        }
        Set<ServiceKey> localKeys = new LinkedHashSet<>();
        for (ServiceKey k : keys) {
            if (held.contains(router.partitionOf(k))) {
                localKeys.add(k);
            } else {
                remote.add(router.partitionOf(k));
            }
        }
        Predicate<ServiceKey> visible = AccessGuard.readable(ctx);
        Predicate<ServiceKey> scope = k -> held.contains(router.partitionOf(k)) && visible.test(k);
        Map<ServiceKey, Long> localSince = within(since, scope);
        Set<ServiceKey> initial = new LinkedHashSet<>(localKeys);
        if (keys.isEmpty()) {
            for (int p : held) {
                addServices(router.catalogForListing(p), ns, localSince, initial);
            }
            initial.addAll(localSince.keySet());
            initial.removeIf(visible.negate());
        }
        EventStream stream = new EventStream(loop, ctx.response(), localKeys, keys.isEmpty() ? ns : null, scope, true,
                router::readLocal, format, coalesce).direct(ctx.request());
        stream.servedWhile(() -> held.stream().allMatch(router::holds));
        stream.open(initial, localSince, false);
        MergedStream merged = new MergedStream(stream, format.synced(), remote.size());
        for (int p : remote) {
            StringBuilder uri = new StringBuilder("/v1/watch?partition=").append(p).append("&ns=").append(enc(ns));
            List<String> sinceParts = new ArrayList<>();
            for (ServiceKey k : keys) {
                if (router.partitionOf(k) == p) {
                    uri.append("&service=").append(enc(k.service()));
                }
            }
            since.forEach((k, v) -> {
                if (router.partitionOf(k) == p) {
                    sinceParts.add(k.service() + ":" + v);
                }
            });
            if (!sinceParts.isEmpty()) {
                uri.append("&since=").append(enc(String.join(",", sinceParts)));
            }
            if (!coalesce.isZero()) {
                uri.append("&coalesce=").append(coalesce.toMillis()).append("ms");
            }
            // The leader serves the part with the caller's own token, so it filters it the same way.
            merged.add(forwarder.relay(p, uri.toString(), AccessGuard.authorization(ctx), merged.part()));
        }
    }

    /**
     * The partitions a multi-service or namespace stream may serve from this node's replicas: those
     * it holds, but for a follower that has not applied a revision the client resumes from (it
     * would answer a reset to an older state, taking the client back in time): that partition's
     * part comes from its leader instead.
     */
    private Set<Integer> servedHere(Map<ServiceKey, Long> since) {
        Set<Integer> out = new HashSet<>();
        for (int p = 0; p < router.partitions(); p++) {
            if (router.holds(p)) {
                out.add(p);
            }
        }
        since.forEach((k, v) -> {
            int p = router.partitionOf(k);
            if (out.contains(p) && router.leaderTerm(p) < 0) {
                ServiceState state = router.readLocal(k);
                if (v > (state == null ? 0 : state.revision())) {
                    out.remove(p);
                }
            }
        });
        return out;
    }

    /** The entries of {@code since} whose service {@code scope} accepts. */
    private static Map<ServiceKey, Long> within(Map<ServiceKey, Long> since, Predicate<ServiceKey> scope) {
        Map<ServiceKey, Long> out = new LinkedHashMap<>();
        since.forEach((k, v) -> {
            if (scope.test(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private int partitionParam(String v) {
        if (!v.matches("[0-9]{1,4}") || Integer.parseInt(v) >= router.partitions()) {
            throw new InvalidFieldException("partition", "must be one partition number from 0 to "
                    + (router.partitions() - 1));
        }
        return Integer.parseInt(v);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void listStream(RoutingContext ctx) {
        try {
            String ns = namespace(ctx);
            String sinceText = BlockingRead.single(ctx, "since");
            if (sinceText == null) {
                sinceText = ctx.request().getHeader("Last-Event-ID");
            }
            Long since = sinceText == null ? null : SinceRevisions.revision("since", sinceText);
            Duration window = LIST_WINDOW.compareTo(coalesce(ctx)) > 0 ? LIST_WINDOW : coalesce(ctx);
            // Any valid token may open it: the list, and its index (the event ids), cover only the
            // services the caller may read, and only their changes send it again (docs/security.md).
            Predicate<ServiceKey> visible = AccessGuard.readFilter(ctx);
            GatheredListing.Reader reader = new GatheredListing.Reader(AccessGuard.authorization(ctx), visible);
            if (!router.holdsAll()) {
                // Gathered from the partitions' leaders, in a chain of blocking reads.
                gathered.read(ns, reader).whenComplete((listing, e) -> loop.context().runOnContext(v -> {
                    if (e != null) {
                        error.accept(ctx, e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                                ? e.getCause() : e);
                    } else {
                        new GatheredListStream(gathered, loop, new PushedStream(loop, ctx.response()), ns, reader,
                                window, this::listEvent).open(since, listing);
                    }
                }));
                return;
            }
            ListStream stream = new ListStream(loop, ctx.response(), ns, reader::sees,
                    () -> ServiceListing.of(router, ns, visible).index(),
                    () -> listEvent(ServiceListing.of(router, ns, visible)), window);
            stream.open(since);
        } catch (RuntimeException e) {
            error.accept(ctx, e);
        }
    }

    private Buffer listEvent(ServiceListing listing) {
        try {
            return Buffer.buffer().appendString("event: services\nid: " + listing.index() + "\ndata: ")
                    .appendBytes(json.writeValueAsBytes(listing.list())).appendString("\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the service list", e);
        }
    }

    private Duration coalesce(RoutingContext ctx) {
        String text = BlockingRead.single(ctx, "coalesce");
        if (text == null) {
            return Duration.ZERO;
        }
        Duration d;
        try {
            d = BlockingRead.duration(text);
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException("coalesce", "must be a duration such as 50ms, got '" + text + "'");
        }
        if (d.isNegative() || d.compareTo(settings.maxCoalesce()) > 0) {
            throw new InvalidFieldException("coalesce", "must be from 0 to " + settings.maxCoalesce().toMillis()
                    + "ms, got '" + text + "'");
        }
        return d;
    }

    private static String namespace(RoutingContext ctx) {
        String ns = BlockingRead.single(ctx, "ns");
        return ns == null ? "default" : InstanceRules.namespace(ns);
    }
}
