package io.cairn.server.http;

import io.cairn.core.model.Durations;
import io.cairn.core.model.InvalidFieldException;
import io.cairn.core.model.Printable;
import io.cairn.server.watch.WatchSettings;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;

/**
 * The {@code ?index=N&wait=D} of a blocking read. Without {@code index} a read does not block
 * (and {@code wait} is ignored).
 *
 * @param index the revision the client already has
 * @param maxWait how long to hold the read at most (before jitter)
 */
record BlockingRead(long index, Duration maxWait) {

    /** Null when the read does not block; otherwise the validated parameters. */
    static BlockingRead parse(RoutingContext ctx, WatchSettings settings) {
        String index = single(ctx, "index");
        if (index == null) {
            return null;
        }
        long n;
        try {
            if (index.isEmpty() || !index.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new NumberFormatException(); // parseLong takes a sign; an index is digits only
            }
            n = Long.parseLong(index);
        } catch (NumberFormatException e) {
            throw new InvalidFieldException("index", "must be a whole number from 0, got " + Printable.quote(index));
        }
        if (n < 0) {
            throw new InvalidFieldException("index", "must be a whole number from 0, got " + Printable.quote(index));
        }
        String wait = single(ctx, "wait");
        Duration d = wait == null ? settings.defaultWait() : duration(wait);
        if (d.isNegative() || d.isZero() || d.compareTo(settings.maxWait()) > 0) {
            throw new InvalidFieldException("wait", "must be more than 0 and at most " + settings.maxWait().toSeconds()
                    + "s, got " + Printable.quote(wait));
        }
        return new BlockingRead(n, d);
    }

    /** {@code 30s}, {@code 500ms}, {@code 5m}: the API's one duration grammar. */
    static Duration duration(String text) {
        return Durations.parse("wait", text);
    }

    static String single(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
            throw new InvalidFieldException(name, "must be given at most once");
        }
        return values.isEmpty() ? null : values.get(0);
    }
}
