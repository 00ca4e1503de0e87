package io.cairn.server.http;

import io.cairn.core.acl.Access;
import io.cairn.core.acl.Grant;
import io.vertx.core.http.HttpMethod;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * The right an endpoint needs, decided from the method, the path and the {@code ns} and
 * {@code service} query parameters alone, before anything is read or forwarded: so the answer
 * to a caller without the right is the same whether or not the service exists.
 *
 * <p>The table of every endpoint and its right is {@link #of}; docs/security.md shows it.
 *
 * @param what the right in words, for a 403's message (names only what the caller asked for)
 * @param test whether a grant has the right
 */
record AccessRule(String what, Predicate<Grant> test) {

    /** Any valid token. */
    static final AccessRule TOKEN = new AccessRule("a valid token", g -> true);
    static final AccessRule OPERATOR = new AccessRule("the operator right", Grant::operator);
    static final AccessRule ADMIN = new AccessRule("the admin right", Grant::admin);
    static final AccessRule METRICS = new AccessRule("the metrics right", Grant::metrics);
    static final AccessRule READ_ALL = new AccessRule("read on every namespace",
            g -> g.allowsNamespace("*", Access.READ));
    /**
     * Who may see how much the node holds and does, whatever the names: the partitions' counts and
     * revisions and the protected namespaces in {@code /v1/status}, and {@code /v1/figures}. The
     * metrics right already sees the same numbers in {@code /metrics}; operators and readers of
     * everything could count them anyway.
     */
    static final AccessRule COUNTS = new AccessRule("the operator or metrics right, or read on every namespace",
            g -> g.operator() || g.metrics() || g.allowsNamespace("*", Access.READ));

    static AccessRule service(String ns, String service, Access access) {
        return new AccessRule(word(access) + " on service '" + service + "' in namespace '" + ns + "'",
                g -> g.allows(ns, service, access));
    }

    /** No token needed: the web console's static files (its API calls carry the token). */
    static final AccessRule PUBLIC = new AccessRule("nothing", g -> true);

    static AccessRule namespaceWrite(String ns) {
        return new AccessRule("write on every service of namespace '" + ns + "'",
                g -> g.allowsNamespace(ns, Access.WRITE));
    }

    static AccessRule namespace(String ns) {
        return new AccessRule("read on every service of namespace '" + ns + "'",
                g -> g.allowsNamespace(ns, Access.READ));
    }

    static AccessRule services(String ns, List<String> services) {
        return new AccessRule("read on services " + services + " in namespace '" + ns + "'",
                g -> services.stream().allMatch(s -> g.allows(ns, s, Access.READ)));
    }

    /**
     * The right for a request. Paths no endpoint serves need a valid token too, so that an
     * anonymous caller learns nothing, not even which paths exist.
     *
     * @param ns the {@code ns} parameter, or null (the default namespace)
     * @param serviceParams the {@code service} query parameters (multi-service streams)
     */
    static AccessRule of(HttpMethod method, String path, String ns, List<String> serviceParams) {
        String namespace = ns == null ? "default" : ns;
        String[] seg = path.split("/", -1);
        // seg[0] is "" (the path starts with '/')
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        if (read && (path.equals("/") || path.equals("/ui") || path.startsWith("/ui/"))) {
            return PUBLIC;
        }
        if (isConsul(path)) {
            return consul(path, seg, namespace, read);
        }
        if (path.equals("/metrics")) {
            return METRICS;
        }
        if (path.equals("/v1/figures")) {
            return COUNTS; // every field but the node and its uptime is a count
        }
        if (path.startsWith("/v1/cluster/")) {
            return OPERATOR;
        }
        if (path.equals("/v1/acl/token/self")) {
            return TOKEN;
        }
        if (path.equals("/v1/acl") || path.startsWith("/v1/acl/")) {
            return ADMIN;
        }
        if (path.equals("/v1/export")) {
            return READ_ALL;
        }
        if (path.equals("/v1/services")) {
            return TOKEN; // the listing shows only the services the caller may read
        }
        if (path.equals("/v1/watch/services")) {
            return TOKEN; // the list stream, like the listing, carries only the services the caller may read
        }
        if (path.equals("/v1/watch")) {
            // Without services: any token; the stream carries only the services it may read.
            return serviceParams.isEmpty() ? TOKEN : services(namespace, serviceParams);
        }
        if (seg.length >= 4 && seg[1].equals("v1") && seg[2].equals("services")) {
            String service = decode(seg[3]);
            return service(namespace, service, read ? Access.READ : Access.WRITE);
        }
        if (seg.length == 5 && path.startsWith("/v1/watch/services/")) {
            return service(namespace, decode(seg[4]), Access.READ);
        }
        // /v1/status (its counts only for COUNTS: StatusRoutes), the heartbeat batch (each instance
        // is checked by HeartbeatRoutes), unknown paths
        return TOKEN;
    }

    private static final java.util.List<String> CONSUL_PREFIXES = java.util.List.of("/v1/agent/", "/v1/catalog/",
            "/v1/health/", "/v1/status/", "/v1/kv", "/v1/session", "/v1/event", "/v1/query", "/v1/txn",
            "/v1/operator", "/v1/coordinate", "/v1/snapshot", "/v1/config", "/v1/connect", "/v1/namespace");

    /** True for the Consul-compatible paths (docs/consul.md), whose refusals are Consul's. */
    static boolean isConsul(String path) {
        for (String prefix : CONSUL_PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Consul dialect's rights. A read that names its service needs read on it; the agent's
     * and catalog's writes (register, deregister, checks, maintenance) need write on every
     * service of the namespace, because most of them name an instance or check by id alone and
     * the right must not depend on what the catalog holds; namespace-wide reads (services, nodes,
     * checks by state or node) take any token and are filtered; the agent's read of one instance by
     * id needs read on the namespace (the id does not say which service it is); the rest (agent self, status, unsupported paths answering 501) any valid token.
     */
    private static AccessRule consul(String path, String[] seg, String ns, boolean read) {
        if (read && seg.length == 5 && (path.startsWith("/v1/catalog/service/") || path.startsWith("/v1/health/service/")
                || path.startsWith("/v1/health/checks/"))) {
            return service(ns, decode(seg[4]), Access.READ);
        }
        if (read && (path.equals("/v1/catalog/services") || path.equals("/v1/catalog/nodes")
                || path.startsWith("/v1/catalog/node/") || path.equals("/v1/agent/services")
                || path.equals("/v1/agent/checks") || path.startsWith("/v1/health/state/")
                || path.startsWith("/v1/health/node/"))) {
            // Namespace-wide reads: any token; each answers (and counts in its index) only the
            // services the caller may read, as Consul filters them (ConsulReads.readable).
            return TOKEN;
        }
        if (path.startsWith("/v1/agent/self") || path.startsWith("/v1/status/")
                || path.equals("/v1/catalog/datacenters") || !(path.startsWith("/v1/agent/")
                || path.startsWith("/v1/catalog/") || path.startsWith("/v1/health/"))) {
            return TOKEN;
        }
        return read ? namespace(ns) : namespaceWrite(ns);
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment; // an undecodable name matches no rule but '*', and is refused later as a 400
        }
    }

    private static String word(Access access) {
        return access == Access.READ ? "read" : "write";
    }
}
