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
import io.cairn.server.watch.WatchLoop;
import io.cairn.server.watch.WatchSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashMap;
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

    WatchRoutes(PartitionRouter router, WatchLoop loop, ObjectMapper json, BiConsumer<RoutingContext, Throwable> error) {
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
            Map<ServiceKey, Long> since = sinceText == null ? Map.of() : Map.of(key, revision("since", sinceText));
            EventStream stream = new EventStream(loop, ctx.response(), Set.of(key), null, router::readLocal, format,
                    coalesce(ctx));
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
            Map<ServiceKey, Long> since = since(ctx, ns);
            Set<ServiceKey> initial = new LinkedHashSet<>(keys);
            if (keys.isEmpty()) {
                // The whole namespace: every service with instances now, and any the client knew.
                for (PartitionCatalog c : router.allCatalogs()) {
                    for (ServiceState s : c.services()) {
                        if (s.key().namespace().equals(ns) && (!s.isEmpty() || since.containsKey(s.key()))) {
                            initial.add(s.key());
                        }
                    }
                }
                initial.addAll(since.keySet());
            }
            EventStream stream = new EventStream(loop, ctx.response(), keys, keys.isEmpty() ? ns : null, router::readLocal,
                    format, coalesce(ctx));
            stream.open(initial, since);
        } catch (RuntimeException e) {
            error.accept(ctx, e);
        }
    }

    private void listStream(RoutingContext ctx) {
        try {
            String ns = namespace(ctx);
            String sinceText = BlockingRead.single(ctx, "since");
            if (sinceText == null) {
                sinceText = ctx.request().getHeader("Last-Event-ID");
            }
            Long since = sinceText == null ? null : revision("since", sinceText);
            ListStream stream = new ListStream(loop, ctx.response(), ns, () -> ServiceListing.of(router, ns).index(),
                    () -> listEvent(ns),
                    LIST_WINDOW.compareTo(coalesce(ctx)) > 0 ? LIST_WINDOW : coalesce(ctx));
            stream.open(since);
        } catch (RuntimeException e) {
            error.accept(ctx, e);
        }
    }

    private Buffer listEvent(String ns) {
        ServiceListing listing = ServiceListing.of(router, ns);
        try {
            return Buffer.buffer().appendString("event: services\nid: " + listing.index() + "\ndata: ")
                    .appendBytes(json.writeValueAsBytes(listing.list())).appendString("\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the service list", e);
        }
    }

    /** {@code ?since=a:5,b:7} or a Last-Event-ID of {@code a:5}: where the client is, per service. */
    private static Map<ServiceKey, Long> since(RoutingContext ctx, String ns) {
        String text = BlockingRead.single(ctx, "since");
        if (text == null) {
            text = ctx.request().getHeader("Last-Event-ID");
        }
        Map<ServiceKey, Long> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            int colon = part.lastIndexOf(':');
            if (colon <= 0) {
                throw new InvalidFieldException("since", "must be service:revision pairs separated by commas, got '"
                        + part + "'");
            }
            out.put(new ServiceKey(ns, InstanceRules.service(part.substring(0, colon))),
                    revision("since", part.substring(colon + 1)));
        }
        return out;
    }

    private static long revision(String field, String text) {
        try {
            long n = Long.parseLong(text.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidFieldException(field, "must be a revision (a whole number from 0), got '" + text + "'");
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
