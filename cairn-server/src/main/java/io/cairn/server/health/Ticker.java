package io.cairn.server.health;

/**
 * A monotonic clock in nanoseconds. Injected so that tests drive expiry with a manual ticker
 * instead of sleeping.
 */
@FunctionalInterface
public interface Ticker {

    /** The real one. */
    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanos();
}
