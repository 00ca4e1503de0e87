package io.cairn.bench;

/**
 * What the closed-loop clients send: request number {@code seq} of a run.
 *
 * <p>Contract: called concurrently from the clients' event-loop threads, each {@code seq} once,
 * in roughly increasing order; must be cheap (it is on the generator's hot path) and must not
 * block. Returning null means the workload is exhausted: the client that got it stops.
 */
@FunctionalInterface
public interface Workload {

    /** The request numbered {@code seq} (0-based over all clients of a run), or null when exhausted. */
    BenchRequest request(long seq);
}
