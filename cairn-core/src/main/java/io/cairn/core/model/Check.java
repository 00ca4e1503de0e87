package io.cairn.core.model;

import java.util.Objects;

/**
 * One active health check of an instance, with its target resolved (the URL of an HTTP check,
 * {@code host:port} of a TCP check; empty for a TTL check, which its owner reports), so that
 * every replica runs the same probe.
 *
 * @param intervalMillis time between probes; for a TTL check, how long a report holds
 * @param timeoutMillis how long one probe may take; at most the interval
 */
public record Check(CheckType type, String target, long intervalMillis, long timeoutMillis) {

    public Check {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
    }
}
