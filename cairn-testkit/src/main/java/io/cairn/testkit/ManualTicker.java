package io.cairn.testkit;

import io.cairn.api.time.Cancellable;
import io.cairn.api.time.Scheduler;
import io.cairn.api.time.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A clock that moves only when a test says so, and the scheduler that goes with it: the fake of
 * the injected time source ({@link Ticker} and {@link Scheduler}) of the server and the client.
 *
 * <p>{@link #advance} moves the clock forward and runs, on the calling thread, every task that
 * falls due on the way, in due order; while a task runs the clock reads its due time, so a task
 * that schedules another (a periodic round, a retry with backoff) sees time as the real scheduler
 * would show it, and the new task runs too if it falls due before the end of the advance.
 * {@link #now()} moves with the clock from a fixed origin (2026-01-01T00:00:00Z plus
 * {@link #nanos()}).
 *
 * <p>Thread safe: any thread may read the time and schedule; one thread at a time should advance
 * it (the test's). Tasks never run under the ticker's lock, so they may schedule and cancel.
 */
public final class ManualTicker implements Ticker, Scheduler {

    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration REAL_LIMIT = Duration.ofSeconds(30);
    private static final Duration REAL_PAUSE = Duration.ofMillis(10);

    /** A scheduled task; {@code sequence} orders tasks due at the same time. */
    private record Due(long at, long sequence, Runnable task) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int byTime = Long.compare(at, o.at);
            return byTime != 0 ? byTime : Long.compare(sequence, o.sequence);
        }
    }

    /** Guards {@code queue} and {@code sequence}; {@code nanos} is written under it too. */
    private final Object lock = new Object();
    private final PriorityQueue<Due> queue = new PriorityQueue<>();
    private long sequence;
    private volatile long nanos = 1_000_000_000L;

    @Override
    public long nanos() {
        return nanos;
    }

    @Override
    public Instant now() {
        return ORIGIN.plusNanos(nanos);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        synchronized (lock) {
            Due due = new Due(nanos + Math.max(0, delay.toNanos()), sequence++, task);
            queue.add(due);
            return () -> {
                synchronized (lock) {
                    queue.remove(due);
                }
            };
        }
    }

    /** Moves the clock forward by {@code by}, running every task that falls due meanwhile. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + by);
        }
        long target;
        synchronized (lock) {
            target = nanos + by.toNanos();
        }
        while (true) {
            Due next;
            synchronized (lock) {
                next = queue.peek();
                if (next == null || next.at() > target) {
                    nanos = target;
                    return;
                }
                queue.poll();
                nanos = Math.max(nanos, next.at());
            }
            next.task().run();
        }
    }

    /**
     * Advances the clock by {@code step} at a time, with a short real pause between steps, until
     * {@code condition} holds (checked before the first step): for code that reacts to a due task
     * asynchronously (a timer that hands work to another thread, a retry that waits for a
     * connection to fail), so the test neither sleeps nor jumps past what it wants to see.
     *
     * @return how far the clock moved
     * @throws AssertionError if the condition does not hold within {@code atMost} of this clock's
     *     time, or within 30 s of real time
     */
    public Duration advanceUntil(Duration step, Duration atMost, BooleanSupplier condition) {
        long[] moved = new long[1];
        try {
            Awaitility.await().atMost(REAL_LIMIT).pollDelay(Duration.ZERO).pollInterval(REAL_PAUSE).until(() -> {
                if (condition.getAsBoolean()) {
                    return true;
                }
                if (moved[0] >= atMost.toNanos()) {
                    throw new AssertionError("the condition did not hold after advancing the manual clock by "
                            + Duration.ofNanos(moved[0]).toMillis() + " ms");
                }
                advance(step);
                moved[0] += step.toNanos();
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the condition did not hold within " + REAL_LIMIT.toSeconds()
                    + " s of real time, after advancing the manual clock by " + Duration.ofNanos(moved[0]).toMillis()
                    + " ms", e);
        }
        return Duration.ofNanos(moved[0]);
    }

    /** Runs the tasks due now (scheduled with no delay) without moving the clock. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** How many tasks wait to fall due. */
    public int pending() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** How long until the next task falls due, or null if none waits. */
    public Duration untilNext() {
        synchronized (lock) {
            Due next = queue.peek();
            return next == null ? null : Duration.ofNanos(Math.max(0, next.at() - nanos));
        }
    }
}
