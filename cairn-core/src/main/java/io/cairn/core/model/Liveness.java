package io.cairn.core.model;

import java.util.List;

/**
 * How an instance proves it is alive, and how long it may stay dead.
 *
 * @param ephemeral true when its owner renews it with heartbeats; it is removed when none comes
 *     within {@code ttlMillis}
 * @param ttlMillis an ephemeral instance's TTL; 0 for a persistent one
 * @param deregisterAfterMillis removes the instance once it has been critical this long; 0 for
 *     never
 * @param checks active checks the partition leader runs; empty for none
 */
public record Liveness(boolean ephemeral, long ttlMillis, long deregisterAfterMillis, List<Check> checks) {

    /** Persistent, no checks: stays, passing, until deregistered. */
    public static final Liveness PERSISTENT = new Liveness(false, 0, 0, List.of());

    public Liveness {
        checks = checks == null || checks.isEmpty() ? List.of() : List.copyOf(checks);
    }

    /** An ephemeral instance without checks. */
    public static Liveness ephemeral(long ttlMillis) {
        return new Liveness(true, ttlMillis, 0, List.of());
    }

    /** The health an instance starts with: passing without checks, critical until a check passes. */
    public Health initialHealth() {
        return checks.isEmpty() ? Health.PASSING : Health.CRITICAL;
    }
}
