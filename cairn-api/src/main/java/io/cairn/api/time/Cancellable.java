package io.cairn.api.time;

/** A scheduled task that can still be called off (see {@link Scheduler}). */
@FunctionalInterface
public interface Cancellable {

    /** Cancels the task if it has not started; does nothing if it ran or was cancelled. */
    void cancel();
}
