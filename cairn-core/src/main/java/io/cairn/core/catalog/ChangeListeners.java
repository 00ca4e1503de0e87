package io.cairn.core.catalog;

import io.cairn.core.watch.Change;
import java.util.Collection;
import java.util.List;

/** Several listeners as one, told in the given order; each keeps the {@link ChangeListener} contract. */
public final class ChangeListeners implements ChangeListener {

    private final List<ChangeListener> listeners;

    public ChangeListeners(List<ChangeListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void changed(Change change, ServiceState after) {
        for (ChangeListener l : listeners) {
            l.changed(change, after);
        }
    }

    @Override
    public void restored(Collection<ServiceState> services) {
        for (ChangeListener l : listeners) {
            l.restored(services);
        }
    }
}
