package io.cairn.server.consul;

import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.ServiceKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encoded answers of {@code GET /v1/health/service/:service} without {@code ?filter=}, the read
 * Consul clients discover by: the answer is a function of the service's state (an immutable
 * object, replaced on every change), of {@code ?passing} and {@code ?tag=}, and of the check
 * results this node holds in memory (their outputs are not in the catalog); an entry is reused
 * only while all of those are the same, so a cached answer is byte for byte the one a fresh
 * encoding would give.
 *
 * <p>Threading: any event loop reads and writes it; entries are immutable records in a
 * concurrent map, and a lost race only encodes an answer twice. Bounded: past
 * {@link #MAX_ENTRIES} the map is cleared (answers are cheap to rebuild, a reader's hot set
 * small).
 */
final class HealthAnswerCache {

    static final int MAX_ENTRIES = 4096;

    record Key(ServiceKey service, boolean passing, List<String> tags) {
    }

    private record Entry(ServiceState state, long checkResults, byte[] body) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    /** The cached answer for this state and these check results, or null. */
    byte[] get(Key key, ServiceState state, long checkResults) {
        Entry e = entries.get(key);
        return e != null && e.state == state && e.checkResults == checkResults ? e.body : null;
    }

    void put(Key key, ServiceState state, long checkResults, byte[] body) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(state, checkResults, body));
    }
}
