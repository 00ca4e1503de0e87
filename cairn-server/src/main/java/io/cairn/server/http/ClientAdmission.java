package io.cairn.server.http;

import io.cairn.core.cluster.ClusterMap;
import io.cairn.core.cluster.Member;
import io.cairn.server.cluster.ClusterNode;
import io.cairn.server.cluster.ClusterView;
import io.cairn.server.cluster.PeerClient;
import io.cairn.server.limit.ClientShares;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Route handlers that hold each client to its share of the node (docs/security.md, "Hostile
 * input"): its request rate ({@code rate-limit}) before anything else, and its open watch
 * streams and held blocking reads ({@code max-watches-per-client}). Refusals are 429 with a JSON
 * error naming the limit. Requests forwarded or relayed by another member are not counted
 * again: they were counted where they entered the cluster.
 *
 * <p>Threading: any event loop; the rate and the shares are thread-safe and shared by all.
 */
final class ClientAdmission {

    private final RequestRate rate;
    private final ClientShares watchShares;
    private final ClusterNode cluster;
    private final Answers answers;

    ClientAdmission(RequestRate rate, ClientShares watchShares, ClusterNode cluster, Answers answers) {
        this.rate = rate;
        this.watchShares = watchShares;
        this.cluster = cluster;
        this.answers = answers;
    }

    /**
     * The request rate of the presented token (as {@link AccessGuard} reads it), else of the client address: over it, 429
     * with {@code Retry-After} and an error naming the limit. The token is a key and nothing
     * else here: never logged, never answered.
     */
    void admit(RoutingContext ctx) {
        if (fromMember(ctx)) {
            ctx.next();
            return;
        }
        // The token as the access guard reads it: Bearer, and on the Consul paths X-Consul-Token
        // and ?token= too, so that a Consul client is limited by its token like any other.
        String token = AccessGuard.secret(ctx);
        if (token != null && token.isBlank()) {
            token = null;
        }
        long wait = rate.admit(token, clientAddress(ctx));
        if (wait > 0) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
            answers.fail(ctx, 429, "rate_limited", "more than " + rate.perSecond()
                    + " requests per second from this " + (token == null ? "client address" : "token")
                    + " (limit rate-limit); retry after " + wait + " s", null);
            return;
        }
        ctx.next();
    }

    /**
     * For every GET: an event stream ({@code /v1/watch...}) or a blocking read (any path with
     * {@code ?index=}, native or Consul's) holds one of the client's watch shares; anything else
     * passes.
     */
    void holdWhileWaiting(RoutingContext ctx) {
        String path = ctx.request().path();
        if (ctx.request().method() == HttpMethod.GET && (path.equals("/v1/watch") || path.startsWith("/v1/watch/")
                || ctx.request().getParam("index") != null)) {
            holdWatch(ctx);
        } else {
            ctx.next();
        }
    }

    /** Takes one of the client address's watch shares until the answer ends or the client leaves. */
    private void holdWatch(RoutingContext ctx) {
        if (fromMember(ctx)) {
            ctx.next();
            return;
        }
        String address = clientAddress(ctx);
        if (!watchShares.acquire(address)) {
            answers.fail(ctx, 429, "too_many_watches", "this client address has " + watchShares.perClient()
                    + " watch streams and blocking reads open (limit max-watches-per-client)", null);
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        ctx.addEndHandler(v -> {
            if (released.compareAndSet(false, true)) {
                watchShares.release(address);
            }
        });
        ctx.next();
    }

    /**
     * Whether the request was forwarded or relayed by another member of the cluster: it carries
     * the forwarding header and comes from a member's HTTP address (as this node's replica of the
     * metadata knows it). Such a request was counted, under its client, where it entered the
     * cluster; counting it again here would charge every client of that node to one address. The
     * header alone exempts nothing, so a client cannot use it to escape its limits.
     */
    private boolean fromMember(RoutingContext ctx) {
        if (ctx.request().getHeader(PeerClient.FORWARDED_HEADER) == null || cluster == null) {
            return false;
        }
        ClusterView view = cluster.view();
        ClusterMap map = view == null ? null : view.map();
        if (map == null) {
            return false;
        }
        String address = clientAddress(ctx);
        for (Member m : map.members().values()) {
            String http = m.httpAddress();
            int colon = http.lastIndexOf(':');
            String host = colon < 0 ? http : http.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.equals(address)) {
                return true;
            }
        }
        return false;
    }

    private static String clientAddress(RoutingContext ctx) {
        SocketAddress remote = ctx.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
