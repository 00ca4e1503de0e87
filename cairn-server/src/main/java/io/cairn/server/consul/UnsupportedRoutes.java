package io.cairn.server.consul;

import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * The parts of Consul that Cairn does not implement (it replaces Consul's service discovery
 * only): each answers {@code 501 Not Implemented} with a sentence saying so, rather than a bare
 * 404 a client could take for a missing key.
 */
final class UnsupportedRoutes {

    private static final Map<String, String> PARTS = Map.ofEntries(
            Map.entry("/v1/kv", "the KV store"), Map.entry("/v1/session", "sessions"),
            Map.entry("/v1/acl", "ACLs"), Map.entry("/v1/connect", "Connect"),
            Map.entry("/v1/agent/connect", "Connect"), Map.entry("/v1/query", "prepared queries"),
            Map.entry("/v1/txn", "transactions"), Map.entry("/v1/event", "events"),
            Map.entry("/v1/snapshot", "snapshots"), Map.entry("/v1/operator", "operator endpoints"),
            Map.entry("/v1/coordinate", "network coordinates"), Map.entry("/v1/config", "config entries"),
            Map.entry("/v1/namespace", "namespace management (namespaces are created by registering into them)"),
            Map.entry("/v1/agent/check/register", "agent checks without a service (register checks with the service)"),
            Map.entry("/v1/agent/check/deregister", "agent checks without a service"));

    void mount(Router r) {
        PARTS.forEach((prefix, what) -> {
            String message = "Cairn implements Consul's service discovery only; not supported: " + what
                    + " (see docs/consul.md)";
            r.route(prefix).handler(ctx -> ConsulAnswers.text(ctx.response(), 501, message));
            r.route(prefix + "/*").handler(ctx -> ConsulAnswers.text(ctx.response(), 501, message));
        });
    }
}
