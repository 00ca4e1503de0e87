package io.cairn.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Watch} reconnects and when it gives up on a silent connection.
 *
 * <p>After the {@code n}-th failure in a row (counting from 0) the watch waits
 * {@code min(maxDelay, initialDelay * 2^n)}, scaled by a random factor in
 * {@code [1 - jitter, 1 + jitter]} so that many clients cut off together do not come back in the
 * same millisecond. The count resets once a connection has stayed up for {@code maxDelay}, so a
 * registry that accepts and at once drops streams is retried at the slow rate, not in a tight loop.
 *
 * @param initialDelay the first delay (at least 1 ms)
 * @param maxDelay the largest delay before jitter (at least {@code initialDelay})
 * @param jitter the random spread, from 0 to 0.5
 * @param idleTimeout a stream on which nothing arrives for this long (not even the server's
 *     heartbeat comment, sent every 15 s on an idle stream) is taken as dead and reopened; it is
 *     checked once per this period, so detection takes up to twice as long
 */
public record WatchOptions(Duration initialDelay, Duration maxDelay, double jitter, Duration idleTimeout) {

    /**
     * 100 ms doubling to 5 s, ±50% (so clients cut off together come back spread over a window as
     * wide as the delay itself, not in one burst); a stream silent for 45 s (three heartbeats) is
     * reopened.
     */
    public static WatchOptions defaults() {
        return new WatchOptions(Duration.ofMillis(100), Duration.ofSeconds(5), 0.5, Duration.ofSeconds(45));
    }

    public WatchOptions {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (initialDelay.toMillis() < 1) {
            throw new IllegalArgumentException("initialDelay must be at least 1 ms, got " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least initialDelay, got " + maxDelay);
        }
        if (!(jitter >= 0 && jitter <= 0.5)) {
            throw new IllegalArgumentException("jitter must be from 0 to 0.5, got " + jitter);
        }
        if (idleTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("idleTimeout must be at least 1 ms, got " + idleTimeout);
        }
    }

    /**
     * The wait before the next attempt.
     *
     * @param failures failures in a row before this one (0 for the first)
     * @param random a uniform random number in {@code [0, 1)}, chosen by the caller
     */
    public Duration reconnectDelay(int failures, double random) {
        long initial = initialDelay.toMillis();
        long max = maxDelay.toMillis();
        // Doubling past 2^30 would overflow; long before that the cap applies anyway.
        int doublings = Math.max(0, Math.min(failures, 30));
        long base = initial > (max >> doublings) ? max : Math.min(max, initial << doublings);
        double factor = 1 + jitter * (2 * random - 1);
        return Duration.ofMillis(Math.max(1, Math.round(base * factor)));
    }
}
