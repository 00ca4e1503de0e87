package io.cairn.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How {@link ClosedLoop}'s clients reach a node: one implementation per HTTP client library, so
 * that the same closed loop measures the server as a cheap event-loop client sees it
 * ({@link VertxTransport}) and as the JDK's {@code java.net.http} client most services use sees it
 * ({@link JdkTransport}).
 *
 * <p>Contract: {@link #start} before the first {@link #open}, {@link #close} once at the end.
 * Each client of a step opens one {@link Channel} and keeps at most one request in flight on it,
 * so a channel's answers arrive one at a time, each after the send that caused it.
 */
public interface ClientTransport extends AutoCloseable {

    /**
     * True when a channel's {@link Channel#send} blocks until the answer arrived and tells it on
     * the calling thread before returning (the JDK client's {@code send}): {@link ClosedLoop} then
     * runs each client on a thread of its own, as services call a registry from their own threads.
     * False (the default): {@code send} returns at once and the answer comes on a transport thread.
     */
    default boolean blocking() {
        return false;
    }

    /** Creates the client's threads and pools. */
    void start();

    /**
     * Opens one client's channel to {@code target}; the future fails with the I/O error when it
     * cannot be opened within {@code timeout}.
     */
    CompletableFuture<Channel> open(InetSocketAddress target, Duration timeout);

    /** Releases threads and connections; waits a bounded time. */
    @Override
    void close();

    /** One client's way to the node: a connection of its own, or its share of a pool. */
    interface Channel {

        /**
         * Sends {@code request} and tells {@code answer} once its whole answer arrived (on a thread
         * of the transport, or on the caller's before returning when the transport is
         * {@linkplain ClientTransport#blocking() blocking}), or the failure when none will (I/O
         * error, or no byte within {@code idleTimeoutMillis}).
         */
        void send(BenchRequest request, long idleTimeoutMillis, Answer answer);

        /** False once the channel cannot carry another request (its connection closed). */
        boolean usable();

        void close();
    }

    /** The outcome of one request: its HTTP status, or the failure (then status is 0). */
    @FunctionalInterface
    interface Answer {
        void done(int status, Throwable failure);
    }
}
