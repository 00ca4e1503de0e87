package io.cairn.client;

/**
 * An instance this application registered through {@link Cairn#register}: {@link Cairn} keeps it
 * registered (heartbeats for an ephemeral one; registering it again whenever the registry says it
 * does not know it) until {@link #close()} deregisters it. Thread safe.
 */
public interface Registration extends AutoCloseable {

    String namespace();

    String service();

    String id();

    /**
     * Whether the registry acknowledged the instance and has not since said it lost it. False
     * while the registry is unreachable at registration, or between an "unknown" answer to a
     * heartbeat and the registration that follows it.
     */
    boolean isRegistered();

    /**
     * Stops keeping the instance alive and deregisters it (a best effort bounded by the client's
     * timeout: if the registry is unreachable, an ephemeral instance still leaves when its TTL
     * runs out). Idempotent.
     */
    @Override
    void close();
}
