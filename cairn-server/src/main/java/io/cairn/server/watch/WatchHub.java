package io.cairn.server.watch;

import io.cairn.api.time.Ticker;
import io.cairn.core.catalog.ChangeListener;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.partition.Partitioner;
import io.cairn.core.watch.Change;
import io.cairn.core.watch.ServiceHistory;
import io.vertx.core.Context;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where changes meet watchers. Partitions report changes through {@link #listener(int)}; HTTP
 * event loops attach a {@link WatchLoop} each and register watchers there.
 *
 * <p>Threading: {@code changed} and {@code restored} run on a partition's apply thread (one per
 * partition, so one service's changes arrive in order); histories are guarded by their own
 * monitor; everything else is handed to the loops.
 */
public final class WatchHub {

    private final WatchSettings settings;
    private final Partitioner partitioner;
    private final ConcurrentHashMap<ServiceKey, ServiceHistory> histories = new ConcurrentHashMap<>();
    private final List<WatchLoop> loops = new CopyOnWriteArrayList<>();
    /** Watchers registered anywhere: with none, a change costs a fence and a read, nothing more. */
    private final AtomicInteger watchers = new AtomicInteger();
    private final LongAdder overflows = new LongAdder();
    private final LongAdder eventsSent = new LongAdder();

    private final Ticker ticker;

    /** @param ticker the time keep-alives are measured by */
    public WatchHub(WatchSettings settings, Partitioner partitioner, Ticker ticker) {
        this.ticker = ticker;
        this.settings = settings;
        this.partitioner = partitioner;
    }

    Ticker ticker() {
        return ticker;
    }

    public WatchSettings settings() {
        return settings;
    }

    /** The listener a partition's catalog reports to. */
    public ChangeListener listener(int partition) {
        return new ChangeListener() {
            @Override
            public void changed(Change change, ServiceState after) {
                onChange(change);
            }

            @Override
            public void restored(Collection<ServiceState> services) {
                onRestore(partition, services);
            }
        };
    }

    /** Attaches a loop for an event-loop context; call on that context. */
    public WatchLoop attach(Context context) {
        WatchLoop loop = new WatchLoop(this, context);
        loops.add(loop);
        loop.start();
        return loop;
    }

    void detach(WatchLoop loop) {
        loops.remove(loop);
    }

    private void onChange(Change change) {
        ServiceHistory history = histories.computeIfAbsent(change.service(),
                k -> new ServiceHistory(settings.historyPerService(), change.previous()));
        synchronized (history) {
            if (change.revision() <= history.latest()) {
                // Only after a restore raced ahead of this history: start it again here.
                history.reset(change.previous());
            }
            history.append(change);
        }
        // Pairs with the fence in watcherAdded: either this thread sees the new watcher, or the
        // watcher's first read of the catalog already saw this change (a Dekker-style handshake;
        // ConcurrentHashMap's acquire/release alone would not order a store before a later load).
        VarHandle.fullFence();
        if (watchers.get() == 0) {
            return;
        }
        for (WatchLoop loop : loops) {
            loop.offer(change);
        }
    }

    private void onRestore(int partition, Collection<ServiceState> services) {
        Map<ServiceKey, Long> revisions = new java.util.HashMap<>();
        for (ServiceState s : services) {
            revisions.put(s.key(), s.revision());
        }
        List<ServiceKey> affected = new ArrayList<>();
        for (Map.Entry<ServiceKey, ServiceHistory> e : histories.entrySet()) {
            if (partitioner.partitionOf(e.getKey()) == partition) {
                ServiceHistory h = e.getValue();
                synchronized (h) {
                    h.reset(revisions.getOrDefault(e.getKey(), 0L));
                }
                affected.add(e.getKey());
            }
        }
        affected.addAll(revisions.keySet());
        VarHandle.fullFence();
        if (watchers.get() == 0) {
            return;
        }
        for (WatchLoop loop : loops) {
            loop.offerReset(affected);
        }
    }

    /** A watcher was registered: call before reading the state it starts from. */
    void watcherAdded() {
        watchers.incrementAndGet();
        VarHandle.fullFence();
    }

    void watcherRemoved() {
        watchers.decrementAndGet();
    }

    /**
     * The changes of {@code service} after revision {@code since}, given its current state; null
     * when they cannot be told (history too short, or {@code since} is not a revision this node
     * has reached), so the caller sends the whole state instead.
     */
    public List<Change> changesSince(ServiceKey service, long since, ServiceState current) {
        long now = current == null ? 0 : current.revision();
        if (since == now) {
            return List.of();
        }
        if (since > now || since < 0) {
            return null;
        }
        ServiceHistory history = histories.get(service);
        if (history == null) {
            return null;
        }
        synchronized (history) {
            return history.since(since);
        }
    }

    void overflowed() {
        overflows.increment();
    }

    void sent(int events) {
        eventsSent.add(events);
    }

    /** Streams cut because their reader fell too far behind. */
    public long overflows() {
        return overflows.sum();
    }

    public long eventsSent() {
        return eventsSent.sum();
    }

    public int watcherCount() {
        return watchers.get();
    }
}
