package io.cairn.server.time;

import java.time.Instant;

/**
 * The node's one source of time, injected into everything that measures or stamps it (leases,
 * check timers, watch keep-alives, member grace periods, expiry protection), so that tests drive
 * a manual ticker instead of sleeping. Nothing in the server reads {@code System.nanoTime()} or
 * {@code Instant.now()} itself; {@link #SYSTEM} is the one place that does.
 */
@FunctionalInterface
public interface Ticker {

    /** The real one. */
    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanos();

    /**
     * The wall-clock time, for stamps shown to people (when protection began); never for
     * measuring intervals. A manual ticker overrides it to move with {@link #nanos()}.
     */
    default Instant now() {
        return Instant.now();
    }
}
