package io.cairn.it.cluster;

import io.cairn.api.InstanceView;
import io.cairn.api.WatchEvent;
import io.cairn.api.WatchState;
import io.cairn.client.WatchListener;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A service rebuilt from its watch: states replace the view, changes apply to it. */
final class WatchedView implements WatchListener {

    private final Map<String, InstanceView> instances = new ConcurrentHashMap<>();
    private final AtomicLong revision = new AtomicLong();
    final AtomicInteger resets = new AtomicInteger();
    final AtomicInteger connects = new AtomicInteger();

    @Override
    public void onState(WatchState state) {
        if (state.reset()) {
            resets.incrementAndGet();
        }
        instances.clear();
        for (InstanceView i : state.instances()) {
            instances.put(i.id(), i);
        }
        revision.set(state.revision());
    }

    @Override
    public void onChange(WatchEvent event) {
        if ("deregistered".equals(event.kind())) {
            instances.remove(event.instance().id());
        } else {
            instances.put(event.instance().id(), event.instance());
        }
        revision.set(event.revision());
    }

    @Override
    public void onConnect() {
        connects.incrementAndGet();
    }

    long revision() {
        return revision.get();
    }

    Set<String> ids() {
        return new TreeMap<>(instances).keySet();
    }
}
