package io.cairn.server.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.cluster.ClusterNode;
import io.cairn.server.cluster.Forwarder;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.http.RouteGroup;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.api.time.Ticker;
import io.cairn.server.watch.WatchLoop;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;

/**
 * The Consul-compatible API as one {@link RouteGroup}: the agent, catalog, health and status
 * endpoints, and a clear 501 for the parts of Consul Cairn does not implement. Served on the
 * node's HTTP port beside the native API (the paths do not collide) and on {@code consul-port}
 * when set.
 */
public final class ConsulApi implements RouteGroup {

    /** The datacenter every Cairn node reports; {@code ?dc=} naming another is refused. */
    public static final String DATACENTER = "dc1";

    private final PartitionRouter router;
    private final HealthMonitor health;
    private final ClusterNode cluster;
    private final Forwarder forwarder;
    private final Ticker ticker;
    private final String nodeId;
    private final String version;

    public ConsulApi(PartitionRouter router, HealthMonitor health, ClusterNode cluster, Forwarder forwarder,
            Ticker ticker, String nodeId, String version) {
        this.router = router;
        this.health = health;
        this.cluster = cluster;
        this.forwarder = forwarder;
        this.ticker = ticker;
        this.nodeId = nodeId;
        this.version = version;
    }

    @Override
    public void mount(Router r, WatchLoop loop, BodyHandler body) {
        ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ConsulAnswers answers = new ConsulAnswers(mapper);
        ConsulReads reads = new ConsulReads(router, ticker);
        ConsulView view = new ConsulView(DATACENTER, health);
        Requests requests = new Requests(answers, forwarder);
        new AgentRoutes(reads, view, health, answers, requests, loop).mount(r, body);
        new AgentSelfRoutes(cluster, answers, nodeId, version).mount(r);
        new CatalogRoutes(reads, view, answers, requests, loop).mount(r, body);
        new HealthRoutes(reads, view, answers, loop).mount(r);
        new UnsupportedRoutes().mount(r);
    }

    /** What the route classes share about a request: its query, its JSON body, sending it to the leader. */
    static final class Requests {

        private final ConsulAnswers answers;
        private final Forwarder forwarder;

        Requests(ConsulAnswers answers, Forwarder forwarder) {
            this.answers = answers;
            this.forwarder = forwarder;
        }

        ConsulQuery query(RoutingContext ctx) {
            return ConsulQuery.of(ctx, DATACENTER);
        }

        /** The body as JSON; {@code null} for none. */
        JsonNode json(RoutingContext ctx) {
            Buffer b = ctx.body().buffer();
            if (b == null || b.length() == 0) {
                return null;
            }
            try {
                return answers.mapper().readTree(b.getBytes());
            } catch (JsonProcessingException e) {
                throw ConsulError.badRequest("Request decode failed: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw ConsulError.badRequest("Request decode failed: " + e.getMessage());
            }
        }

        /** The body, which must be a JSON object. */
        JsonNode object(RoutingContext ctx) {
            JsonNode body = json(ctx);
            if (body == null || !body.isObject()) {
                throw ConsulError.badRequest("Request decode failed: the body must be a JSON object");
            }
            return body;
        }

        /**
         * True when the request went to the node that leads the service's partition (this one
         * does not); the answer is then relayed and the route does nothing more.
         *
         * @param body what to send: the request's body, possibly completed (an address filled in)
         */
        boolean forwarded(RoutingContext ctx, ServiceKey key, JsonNode body) {
            Buffer bytes = body == null ? ctx.body().buffer() : Buffer.buffer(answers.encode(body));
            return forwarder.forwardElsewhere(ctx, key, bytes);
        }

        /** The body with {@code Address} set, so a forwarded registration keeps the client's address. */
        static JsonNode withAddress(JsonNode body, String field, String address) {
            if (body instanceof ObjectNode o) {
                JsonNode current = ConsulRegistration.field(o, field);
                if (current == null || current.isNull() || current.asText().isEmpty()) {
                    o.put(field, address);
                }
            }
            return body;
        }
    }
}
