package io.cairn.server.consul;

import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.Printable;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The query parameters every Consul read and write shares, validated: {@code ?dc} (only this
 * node's datacenter), {@code ?ns} (a Cairn namespace), {@code ?stale}/{@code ?consistent}, and a
 * blocking read's {@code ?index}/{@code ?wait}.
 *
 * @param index the client's {@code X-Consul-Index}, or -1 when the read does not block
 * @param waitMillis how long a blocking read may be held (Consul's default 5 minutes, capped at 10)
 * @param filter the {@code ?filter} expression, or null
 */
record ConsulQuery(String namespace, Mode mode, long index, long waitMillis, String filter) {

    /** How fresh a read must be; the same three modes as the native API. */
    enum Mode { DEFAULT, STALE, CONSISTENT }

    static final long DEFAULT_WAIT_MILLIS = 5 * 60_000;
    static final long MAX_WAIT_MILLIS = 10 * 60_000;

    /** @throws ConsulError for another datacenter, a bad namespace, index or wait, or both modes */
    static ConsulQuery of(RoutingContext ctx, String datacenter) {
        String dc = single(ctx, "dc");
        if (dc != null && !dc.isEmpty() && !dc.equals(datacenter)) {
            // Consul's own answer for a datacenter it cannot reach (a 500 in Consul too).
            throw new ConsulError(500, "No path to datacenter");
        }
        String ns = single(ctx, "ns");
        String namespace;
        try {
            namespace = ns == null || ns.isEmpty() ? "default" : InstanceRules.namespace(ns);
        } catch (InvalidFieldException e) {
            throw ConsulError.badRequest("Invalid namespace: " + e.rule());
        }
        boolean stale = ctx.queryParams().contains("stale");
        boolean consistent = ctx.queryParams().contains("consistent");
        if (stale && consistent) {
            throw ConsulError.badRequest("Cannot specify ?stale with ?consistent, conflicting semantics.");
        }
        long index = -1;
        String text = single(ctx, "index");
        if (text != null) {
            if (!text.matches("[0-9]{1,19}")) {
                throw ConsulError.badRequest("Invalid index: " + Printable.quote(text));
            }
            try {
                index = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw ConsulError.badRequest("Invalid index: " + Printable.quote(text));
            }
        }
        String wait = single(ctx, "wait");
        long waitMillis = wait == null ? DEFAULT_WAIT_MILLIS
                : Math.min(MAX_WAIT_MILLIS, ConsulDuration.millis("wait time", wait));
        if (waitMillis <= 0) {
            waitMillis = DEFAULT_WAIT_MILLIS;
        }
        return new ConsulQuery(namespace, consistent ? Mode.CONSISTENT : stale ? Mode.STALE : Mode.DEFAULT, index,
                waitMillis, single(ctx, "filter"));
    }

    /** True when the client asked to wait for a change of what it already has. */
    boolean blocking() {
        return index > 0; // Consul answers ?index=0 at once: 0 is no index
    }

    static String single(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
            throw ConsulError.badRequest("Multiple values for query parameter " + name);
        }
        return values.isEmpty() ? null : values.get(0);
    }
}
