package io.cairn.client.balance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How {@link Failover} retries.
 *
 * @param maxAttempts instances called at most per call, at least 1
 * @param deadline no new attempt starts after this much time since the call began
 * @param coolDown an instance whose call failed with a retryable error is skipped by this
 *     failover's calls for this long (unless no other instance is left)
 * @param retryable which failures are worth another instance (the instance is then marked down);
 *     any other failure ends the call at once and marks nothing
 * @param retryRatio retries allowed per call in the long run (see {@link RetryBudget})
 * @param retryReserve retries allowed in a burst (see {@link RetryBudget})
 */
public record FailoverPolicy(int maxAttempts, Duration deadline, Duration coolDown, Predicate<Throwable> retryable,
        double retryRatio, int retryReserve) {

    /**
     * 3 attempts within 10 s, a failed instance skipped for 10 s, I/O failures
     * ({@link IOException}, {@link UncheckedIOException}) retryable, retries at most 20% of calls
     * with a reserve of 10.
     */
    public static FailoverPolicy defaults() {
        return new FailoverPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(10),
                e -> e instanceof IOException || e instanceof UncheckedIOException, 0.2, 10);
    }

    public FailoverPolicy {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(coolDown, "coolDown");
        Objects.requireNonNull(retryable, "retryable");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, got " + deadline);
        }
        if (coolDown.isNegative()) {
            throw new IllegalArgumentException("coolDown must not be negative, got " + coolDown);
        }
        new RetryBudget(retryRatio, retryReserve); // validates both
    }

    public FailoverPolicy withMaxAttempts(int attempts) {
        return new FailoverPolicy(attempts, deadline, coolDown, retryable, retryRatio, retryReserve);
    }

    public FailoverPolicy withCoolDown(Duration d) {
        return new FailoverPolicy(maxAttempts, deadline, d, retryable, retryRatio, retryReserve);
    }

    public FailoverPolicy withRetryable(Predicate<Throwable> p) {
        return new FailoverPolicy(maxAttempts, deadline, coolDown, p, retryRatio, retryReserve);
    }

    public FailoverPolicy withDeadline(Duration d) {
        return new FailoverPolicy(maxAttempts, d, coolDown, retryable, retryRatio, retryReserve);
    }

    public FailoverPolicy withRetryBudget(double ratio, int reserve) {
        return new FailoverPolicy(maxAttempts, deadline, coolDown, retryable, ratio, reserve);
    }
}
