package io.cairn.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * When a step's unmeasured warmup ends: not before {@code min}; then as soon as {@code settled}
 * holds (asked about once a second); at the latest at {@code max}.
 */
public record Warmup(Duration min, Duration max, BooleanSupplier settled) {

    public Warmup {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("warmup needs 0 <= min <= max, got " + min + " and " + max);
        }
    }

    /** Exactly {@code length}, whatever the server is doing. */
    public static Warmup fixed(Duration length) {
        return new Warmup(length, length, () -> true);
    }

    /** No warmup at all: the step measures from its first request. */
    boolean none() {
        return max.isZero();
    }
}
