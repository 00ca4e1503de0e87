package io.cairn.server.http;

import io.cairn.core.model.InstanceRules;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.ServiceKey;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a watch client resumes from, as {@link WatchRoutes} reads it: {@code ?since}, or else the
 * {@code Last-Event-ID} header its event source sends back on a reconnect. A bad value is an
 * {@link InvalidFieldException} naming the field.
 */
final class SinceRevisions {

    private SinceRevisions() {
    }

    /** {@code ?since=a:5,b:7} or a Last-Event-ID of {@code a:5}: where the client is, per service. */
    static Map<ServiceKey, Long> of(RoutingContext ctx, String ns) {
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

    /** A revision given as text: a whole number from 0. */
    static long revision(String field, String text) {
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
}
