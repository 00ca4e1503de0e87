package io.cairn.api.time;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay measured by the {@link Ticker} it is paired with: the other half
 * of the injected time source. A manual scheduler (cairn-testkit's {@code ManualTicker}) runs the
 * tasks that fall due when a test advances its clock, so retries, heartbeat rounds and grace
 * periods are tested without waiting.
 *
 * <p>Contract: the task runs on a thread of the scheduler's choosing (a manual one runs it on the
 * thread that advances the clock), at most once, never before its delay has passed by the paired
 * ticker. A caller whose state is confined to one thread hands the work over to that thread from
 * the task. Tasks that fall due together run in the order of their due times, ties in the order
 * they were scheduled. A task scheduled after the scheduler was shut down never runs.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Schedules {@code task} to run once after {@code delay} (zero or negative: as soon as
     * possible).
     *
     * @return what cancels it; cancelling a task that ran or was cancelled does nothing
     */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * The real scheduler over an executor's timer: {@link Ticker#SYSTEM} is its clock. Tasks run
     * on the executor's threads; a task refused by a shut-down executor is dropped.
     */
    static Scheduler of(ScheduledExecutorService executor) {
        return (delay, task) -> {
            try {
                ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            } catch (RejectedExecutionException e) {
                return () -> { };
            }
        };
    }
}
