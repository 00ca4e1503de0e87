package io.cairn.server.health;

/**
 * The TTL lease of one ephemeral instance. Renewed by heartbeats on HTTP threads, read by the
 * sweeper: the fields are volatile, and a renewal racing a sweep is resolved by the
 * {@code expiring} flag (once set, a heartbeat answers "unknown" and the owner registers again,
 * so an expiry never silently undoes a registration that follows it).
 */
final class Lease {

    final long ttlNanos;
    private volatile long renewedAt;
    private volatile boolean expiring;

    Lease(long ttlNanos, long now) {
        this.ttlNanos = ttlNanos;
        this.renewedAt = now;
    }

    void renew(long now) {
        renewedAt = now;
    }

    /** A fresh full TTL from {@code now}, unless the last renewal is newer. */
    void refresh(long now) {
        if (now - renewedAt > 0) {
            renewedAt = now;
        }
    }

    long silence(long now) {
        return now - renewedAt;
    }

    boolean overdue(long now) {
        return now - renewedAt > ttlNanos;
    }

    /** Silent: no heartbeat for more than half the TTL (owners heartbeat every TTL/4 or more often). */
    boolean silent(long now) {
        return now - renewedAt > ttlNanos / 2;
    }

    boolean expiring() {
        return expiring;
    }

    void expiring(boolean value) {
        expiring = value;
    }
}
