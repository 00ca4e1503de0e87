package io.cairn.client;

import io.cairn.api.WatchEvent;

/**
 * Told when a cached service changes ({@link Cairn#listen}).
 *
 * <p>Threading: called on the client's one watch thread, in the order the changes happened, one
 * call at a time; it should return quickly and must not wait for a lookup of a service the cache
 * does not hold yet (that lookup waits for this very thread). A listener that throws is logged
 * and removed; the cache goes on.
 */
@FunctionalInterface
public interface DiscoveryListener {

    /**
     * @param snapshot what lookups answer from now on
     * @param event the change that led to it, or null when a whole state replaced the service
     *     (the first state, a reset after a gap, a held-back empty list confirmed or released)
     */
    void changed(ServiceSnapshot snapshot, WatchEvent event);
}
