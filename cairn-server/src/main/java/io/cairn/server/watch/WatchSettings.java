package io.cairn.server.watch;

import java.time.Duration;

/**
 * Limits and defaults of watching (documented in docs/api.md, "Watches").
 *
 * @param historyPerService changes kept per service for resuming streams
 * @param defaultWait a blocking query's wait when none is given
 * @param maxWait the longest wait a blocking query may ask for
 * @param heartbeat how often an idle stream gets a comment line, to keep proxies from closing it
 * @param streamBufferBytes bytes a stream may have queued unsent before it is cut (slow reader)
 * @param maxServicesPerStream services one stream may name
 * @param maxCoalesce the longest coalescing window a stream may ask for
 */
public record WatchSettings(int historyPerService, Duration defaultWait, Duration maxWait, Duration heartbeat,
        int streamBufferBytes, int maxServicesPerStream, Duration maxCoalesce) {

    public static WatchSettings defaults() {
        return new WatchSettings(256, Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofSeconds(15),
                256 * 1024, 1000, Duration.ofSeconds(1));
    }
}
