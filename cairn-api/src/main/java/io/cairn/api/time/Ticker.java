package io.cairn.api.time;

import java.time.Instant;

/**
 * The one source of time of a Cairn node and of a Cairn client, injected into everything that
 * measures or stamps time (leases, check timers, grace periods, retries and backoff, heartbeat
 * rounds, cache staleness), so that tests drive a manual ticker (cairn-testkit's
 * {@code ManualTicker}) instead of waiting on the wall clock. Outside this package nothing in the
 * server or the client reads {@code System.nanoTime()} or {@code Instant.now()} itself;
 * {@link #SYSTEM} is the one place that does.
 *
 * <p>Implementations are thread safe: any thread may read the time.
 */
@FunctionalInterface
public interface Ticker {

    /** The real one. */
    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanos();

    /**
     * The wall-clock time, for stamps shown to people or written to files; never for measuring
     * intervals. A manual ticker overrides it to move with {@link #nanos()}.
     */
    default Instant now() {
        return Instant.now();
    }
}
