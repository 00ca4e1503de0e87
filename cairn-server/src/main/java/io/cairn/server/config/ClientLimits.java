package io.cairn.server.config;

/**
 * What one client may hold of a node, so that one abusive client cannot starve the others
 * (docs/security.md, "Hostile input"; docs/configuration.md). A client is its address for
 * connections and watch streams, and its presented {@code Authorization: Bearer} token (else its
 * address) for the request rate.
 *
 * @param maxHeaderBytes the largest header block of a request; larger ones get 431
 * @param connectionsPerClient open HTTP connections one client address may hold; a connection
 *     past it is closed at once
 * @param watchesPerClient watch streams and held blocking reads one client address may have open
 *     at once; one more is answered 429
 * @param requestsPerSecond the sustained request rate of one token or address; 0 turns the
 *     limit off; over it, requests are answered 429 with {@code Retry-After}
 * @param requestBurst requests one token or address may send at once above the sustained rate
 */
public record ClientLimits(int maxHeaderBytes, int connectionsPerClient, int watchesPerClient,
        int requestsPerSecond, int requestBurst) {

    public ClientLimits {
        Settings.MAX_HEADER_BYTES.check(maxHeaderBytes);
        Settings.MAX_CONNECTIONS_PER_CLIENT.check(connectionsPerClient);
        Settings.MAX_WATCHES_PER_CLIENT.check(watchesPerClient);
        Settings.RATE_LIMIT.check(requestsPerSecond);
        Settings.RATE_BURST.check(requestBurst);
    }

    /** The defaults of {@code cairn server}. */
    public static ClientLimits defaults() {
        return new ClientLimits(8 * 1024, 1024, 4096, 10_000, 20_000);
    }

    public ClientLimits withRate(int perSecond, int burst) {
        return new ClientLimits(maxHeaderBytes, connectionsPerClient, watchesPerClient, perSecond, burst);
    }

    public ClientLimits withConnections(int connections, int watches) {
        return new ClientLimits(maxHeaderBytes, connections, watches, requestsPerSecond, requestBurst);
    }
}
