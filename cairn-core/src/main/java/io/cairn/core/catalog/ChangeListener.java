package io.cairn.core.catalog;

import io.cairn.core.watch.Change;
import java.util.Collection;

/**
 * Told of every change a {@link PartitionCatalog} makes.
 *
 * <p>Contract: called on the partition's apply thread, synchronously, after the catalog holds the
 * new state, in revision order. An implementation must be quick and must not block (it hands the
 * change on) and must not throw: the change is already applied and cannot be undone.
 */
public interface ChangeListener {

    /** Nobody listens. */
    ChangeListener NONE = new ChangeListener() {
        @Override
        public void changed(Change change, ServiceState after) {
        }

        @Override
        public void restored(Collection<ServiceState> services) {
        }
    };

    /** One real change; {@code after} is the service's new state (revision = change.revision()). */
    void changed(Change change, ServiceState after);

    /**
     * The catalog's whole content was replaced (a snapshot loaded or installed): earlier changes
     * no longer explain the state, so histories restart from these states.
     */
    void restored(Collection<ServiceState> services);
}
