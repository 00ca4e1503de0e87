package io.cairn.server.watch;

import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.Change;
import java.util.Set;

/**
 * Something waiting for changes: a blocking query or an event stream.
 *
 * <p>Contract: every method is called on the owning {@link WatchLoop}'s event-loop thread only,
 * so implementations keep plain fields. Changes of one service arrive in revision order.
 */
interface Watcher {

    /** The services watched one by one; empty for a namespace-wide watcher. */
    Set<ServiceKey> services();

    /** The namespace watched as a whole, or null. */
    String namespace();

    /** A change of a watched service (or of any service of the watched namespace). */
    void onChange(Change change);

    /** The service's state was replaced without changes to explain it (a snapshot was restored). */
    void onReset(ServiceKey service);

    /** Called every heartbeat interval while registered. */
    default void onHeartbeat(long nowNanos) {
    }
}
