package io.cairn.server.http;

import io.cairn.core.model.InvalidFieldException;
import io.cairn.server.config.ConfigSource;
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
            n = Long.parseLong(index);
        } catch (NumberFormatException e) {
            throw new InvalidFieldException("index", "must be a whole number from 0, got '" + index + "'");
        }
        if (n < 0) {
            throw new InvalidFieldException("index", "must be a whole number from 0, got '" + index + "'");
        }
        String wait = single(ctx, "wait");
        Duration d = wait == null ? settings.defaultWait() : duration(wait);
        if (d.isNegative() || d.isZero() || d.compareTo(settings.maxWait()) > 0) {
            throw new InvalidFieldException("wait", "must be more than 0 and at most " + settings.maxWait().toSeconds()
                    + "s, got '" + wait + "'");
        }
        return new BlockingRead(n, d);
    }

    /** {@code 30s}, {@code 500ms}, {@code 5m}, or a plain number of seconds. */
    static Duration duration(String text) {
        try {
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            return ConfigSource.parseDuration("wait", text);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("wait", "must be a duration such as 500ms, 30s or 5m, got '" + text + "'");
        }
    }

    static String single(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
            throw new InvalidFieldException(name, "must be given at most once");
        }
        return values.isEmpty() ? null : values.get(0);
    }
}
