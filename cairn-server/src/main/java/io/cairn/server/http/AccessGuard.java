package io.cairn.server.http;

import io.cairn.core.acl.Access;
import io.cairn.core.model.ServiceKey;
import io.cairn.server.acl.AccessControl;
import io.cairn.server.acl.Caller;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Predicate;

/**
 * The first step of every request after its query string decodes: finds the caller's token,
 * answers 401 (no token, or one the cluster does not know) or 403 (a known token without the
 * right {@link AccessRule#of} names), and otherwise leaves the {@link Caller} in the context for
 * handlers that check more (the heartbeat batch, per instance).
 *
 * <p>A token travels as {@code Authorization: Bearer SECRET}. The guard runs before the
 * forwarder, and a forwarded request carries the caller's own {@code Authorization} header to
 * the node that serves it, which checks it again: no node trusts another's word for a caller.
 * The secret is never logged; the 401 and 403 messages name the right, never the secret.
 */
final class AccessGuard {

    static final String CALLER = Caller.CONTEXT_KEY;
    /** The caller's token as an {@code Authorization} value, however it came: for requests made on its behalf. */
    private static final String AUTHORIZATION = "cairn.authorization";

    private static final String FILTERED = "cairn.acl-filtered";

    /**
     * What a namespace-wide read may show the caller, or null when it may show everything
     * (ACLs off): so that reads without access control do not pay for a filter.
     */
    static Predicate<ServiceKey> readFilter(RoutingContext ctx) {
        return ctx.get(FILTERED) == null ? null : readable(ctx);
    }

    /** The caller's valid token as an {@code Authorization} header value, or null (none, or ACLs off). */
    static String authorization(RoutingContext ctx) {
        return ctx.get(AUTHORIZATION);
    }

    private final AccessControl access;
    private final Answers answers;

    AccessGuard(AccessControl access, Answers answers) {
        this.access = access;
        this.answers = answers;
    }

    void handle(RoutingContext ctx) {
        String secret = secret(ctx);
        Caller caller = access.caller(secret);
        ctx.put(CALLER, caller);
        if (secret != null && caller.known() && access.enabled()) {
            ctx.put(AUTHORIZATION, "Bearer " + secret);
        }
        if (!access.enabled()) {
            ctx.next();
            return;
        }
        ctx.put(FILTERED, Boolean.TRUE);
        String path = ctx.request().path();
        boolean consul = AccessRule.isConsul(path);
        List<String> ns = ctx.queryParam("ns");
        AccessRule rule = AccessRule.of(ctx.request().method(), path, ns.isEmpty() ? null : ns.get(0),
                ctx.queryParam("service"));
        if (rule == AccessRule.PUBLIC) {
            ctx.next();
            return;
        }
        if (consul && !(caller.known() && rule.test().test(caller.grant()))) {
            // Consul's answers: 403 with its plain-text words (clients match "ACL not found" and
            // "Permission denied"), an unknown token and a missing right alike.
            ctx.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("unknown".equals(caller.problem()) ? "ACL not found"
                            : "Permission denied: token lacks " + rule.what());
            return;
        }
        if (!caller.known()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            answers.fail(ctx, 401, "unauthorized", caller.problem().equals("missing")
                    ? "this endpoint needs a token: send Authorization: Bearer TOKEN"
                    : "the token is not known to the cluster (never made, or revoked)", null);
            return;
        }
        if (!rule.test().test(caller.grant())) {
            answers.fail(ctx, 403, "forbidden", "the token lacks " + rule.what(), null);
            return;
        }
        ctx.next();
    }

    /**
     * Refuses, as a 403, a request whose handler finds it names a service the caller may not
     * write (the heartbeat batch names its instances in its body).
     */
    static void requireWrite(RoutingContext ctx, ServiceKey key) {
        Caller caller = ctx.get(CALLER);
        if (caller != null && !caller.grant().allows(key.namespace(), key.service(), Access.WRITE)) {
            throw new ApiException(403, "forbidden", "the token lacks write on service '" + key.service()
                    + "' in namespace '" + key.namespace() + "'", null);
        }
    }

    /**
     * Which services the caller may read (all with ACLs off): what a namespace-wide stream
     * carries, so that a watch only ever sees services its token may read.
     */
    static Predicate<ServiceKey> readable(RoutingContext ctx) {
        Caller caller = ctx.get(CALLER);
        if (caller == null) {
            return k -> false;
        }
        return k -> caller.grant().allows(k.namespace(), k.service(), Access.READ);
    }

    /**
     * The presented secret: {@code Authorization: Bearer}; on the Consul paths also
     * {@code X-Consul-Token} and {@code ?token=}, as Consul takes them; on the watch paths also
     * {@code ?token=}, because a browser's EventSource (the web console) cannot send headers.
     * A token in a URL can end up in proxy logs: clients that can send a header should.
     */
    static String secret(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        String path = ctx.request().path();
        boolean consul = AccessRule.isConsul(path);
        if (consul) {
            String consulHeader = ctx.request().getHeader("X-Consul-Token");
            if (consulHeader != null && !consulHeader.isBlank()) {
                return consulHeader.trim();
            }
        }
        if (consul || path.startsWith("/v1/watch")) {
            List<String> query = ctx.queryParam("token");
            if (!query.isEmpty()) {
                return query.get(0);
            }
        }
        return null;
    }
}
