package io.cairn.server.http;

import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.ServiceKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Encoded answers to unfiltered service reads, reused while the service's state is the same
 * object. A {@link ServiceState} is immutable and replaced on every change, so identity is an
 * exact validity check: no invalidation, no staleness. Lookups of a popular service then cost a
 * map read instead of encoding its instances as JSON on every request.
 *
 * <p>Bounded by total bytes: past the bound the cache is emptied and refills with what is read.
 * Thread safe; a race between two readers only encodes twice.
 */
final class ServiceAnswerCache {

    private static final long MAX_BYTES = 32L * 1024 * 1024;

    private record Entry(ServiceState state, byte[] body) {
    }

    private final ConcurrentHashMap<ServiceKey, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    byte[] answer(ServiceState state, Function<ServiceState, byte[]> encode) {
        Entry e = entries.get(state.key());
        if (e != null && e.state() == state) {
            return e.body();
        }
        byte[] body = encode.apply(state);
        if (bytes.addAndGet(body.length) > MAX_BYTES) {
            entries.clear();
            bytes.set(body.length);
        }
        Entry previous = entries.put(state.key(), new Entry(state, body));
        if (previous != null) {
            bytes.addAndGet(-previous.body().length);
        }
        return body;
    }
}
