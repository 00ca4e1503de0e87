package io.cairn.client;

import java.util.concurrent.CompletableFuture;

/**
 * One service watched over a server-sent event stream ({@link CairnClient#watch}). It keeps
 * itself connected: when the stream drops or cannot be opened it reconnects with jittered
 * exponential backoff ({@link WatchOptions}) and resumes with {@code Last-Event-ID} set to
 * {@link #lastRevision()}, so the listener gets every change exactly once, in order, or a
 * {@code state} with {@code reset()} true when the registry could not send what was missed. It
 * runs until {@link #close()}, or until the registry refuses the request for good.
 *
 * <p>Thread safe. A watch uses no thread of its own: the HTTP I/O runs on the client's
 * {@code java.net.http} threads, and the listener is called on the client's single watch thread.
 */
public interface Watch extends AutoCloseable {

    /**
     * The revision of the last state or change given to the listener (the revision the watch
     * resumes after), or the {@code since} it was started with if nothing was delivered yet.
     */
    long lastRevision();

    /**
     * Completes normally when {@link #close()} is called, or exceptionally when the watch ends
     * by itself: with {@link CairnClientException} when the registry refused the request in a
     * way retrying cannot fix (a 4xx status such as an invalid service name), or with the
     * exception the listener threw. The watch never ends by itself for an unreachable registry.
     */
    CompletableFuture<Void> terminated();

    /**
     * Stops the watch and closes its connection. Idempotent, does not block, may be called from
     * any thread including the listener's. No listener call starts after it returns (one already
     * running on the watch thread finishes).
     */
    @Override
    void close();
}
