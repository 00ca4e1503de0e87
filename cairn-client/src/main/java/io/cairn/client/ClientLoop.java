package io.cairn.client;

import io.cairn.api.time.Cancellable;
import io.cairn.api.time.Scheduler;
import io.cairn.api.time.Ticker;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The client's one thread and its time: every watch callback, cache update, heartbeat round and
 * timer of a client runs on {@code thread}, and every delay is measured by the injected
 * {@link Ticker} and waited out by the injected {@link Scheduler} (by default the thread's own
 * timer and the system clock; in tests a manual ticker, so retries, heartbeats, member refreshes
 * and push-empty confirmations happen when the test advances it, not after a wall-clock wait).
 *
 * <p>Contract of {@link #schedule}: the task runs on the loop thread, never before its delay has
 * passed by the ticker; cancelling it from the loop thread before it ran guarantees it never runs
 * (the scheduler may already have fired and queued it: the task checks its cancellation there).
 */
final class ClientLoop {

    private final ScheduledExecutorService thread;
    private final Ticker ticker;
    private final Scheduler scheduler;

    /** @param scheduler the timers, or null for {@code thread}'s own (then {@code ticker} must be the system's) */
    ClientLoop(ScheduledExecutorService thread, Ticker ticker, Scheduler scheduler) {
        this.thread = thread;
        this.ticker = ticker;
        this.scheduler = scheduler == null ? Scheduler.of(thread) : scheduler;
    }

    /** Runs {@code task} on the loop thread; dropped once the loop is shut down. */
    void execute(Runnable task) {
        thread.execute(task);
    }

    /** Like {@link #execute}, with a future to wait on. */
    Future<?> submit(Runnable task) {
        return thread.submit(task);
    }

    /** Runs {@code task} on the loop thread after {@code delay} by the client's ticker (see the class comment). */
    Cancellable schedule(Duration delay, Runnable task) {
        Timer timer = new Timer(task);
        timer.fired = scheduler.schedule(delay, () -> execute(timer));
        return timer;
    }

    Ticker ticker() {
        return ticker;
    }

    /** Stops the thread: queued work still runs, timers that fall due later do not. */
    void shutdown() {
        thread.shutdown();
    }

    /** A scheduled task, cancellable up to the moment the loop thread runs it. */
    private static final class Timer implements Runnable, Cancellable {
        private final Runnable task;
        private volatile boolean cancelled;
        private volatile Cancellable fired;

        Timer(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (!cancelled) {
                cancelled = true; // at most once
                task.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Cancellable f = fired;
            if (f != null) {
                f.cancel();
            }
        }
    }
}
