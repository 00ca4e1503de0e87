package io.cairn.server.watch;

import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.Change;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The watchers of one HTTP event loop. Changes arrive from apply threads through a queue; one
 * task per burst delivers them on the loop's thread, where the registry lives unshared.
 */
public final class WatchLoop {

    private final WatchHub hub;
    private final Context context;
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // Confined to the loop thread.
    private final Map<ServiceKey, Watchers> byService = new HashMap<>();
    private final Map<String, Watchers> byNamespace = new HashMap<>();
    private final Set<Watcher> all = new LinkedHashSet<>();
    private long heartbeatTimer = -1;
    /** The last event framed as a chunk for direct writes, and its frame (see {@link #chunk}). */
    private Buffer framedEvent;
    private ByteBuf framed;

    WatchLoop(WatchHub hub, Context context) {
        this.hub = hub;
        this.context = context;
    }

    void start() {
        long period = hub.settings().heartbeat().toMillis();
        heartbeatTimer = context.owner().setPeriodic(period, period, id -> heartbeat());
    }

    public WatchHub hub() {
        return hub;
    }

    public Context context() {
        return context;
    }

    /** Stops the heartbeat and forgets the watchers; the HTTP server is closing. */
    public void close() {
        context.owner().cancelTimer(heartbeatTimer);
        hub.detach(this);
    }

    /**
     * {@code data} framed as an HTTP/1.1 chunk for {@link SseChannel}'s direct writes, framed once
     * for all the streams of this loop that get the same event (the stream formats hand each of
     * them the same buffer), as a retained duplicate that the write releases.
     */
    ByteBuf chunk(Buffer data) {
        if (data != framedEvent) {
            if (framed != null) {
                framed.release();
            }
            framed = SseChannel.chunk(data);
            framedEvent = data;
        }
        return framed.retainedDuplicate();
    }

    /** From an apply thread. */
    void offer(Change change) {
        inbox.add(change);
        schedule();
    }

    /** From an apply thread: these services' states were replaced. */
    void offerReset(List<ServiceKey> services) {
        inbox.add(new Reset(services));
        schedule();
    }

    private record Reset(List<ServiceKey> services) {
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        scheduled.set(false);
        Object item;
        while ((item = inbox.poll()) != null) {
            if (item instanceof Change c) {
                deliver(c);
            } else if (item instanceof Reset r) {
                for (ServiceKey key : r.services()) {
                    for (Watcher w : Watchers.snapshot(byService.get(key))) {
                        w.onReset(key);
                    }
                    for (Watcher w : Watchers.snapshot(byNamespace.get(key.namespace()))) {
                        w.onReset(key);
                    }
                }
            }
        }
    }

    private void deliver(Change change) {
        Watchers direct = byService.get(change.service());
        Watchers wide = byNamespace.get(change.service().namespace());
        if (direct == null && wide == null) {
            return;
        }
        // Snapshots: a watcher may unregister itself (a blocking query completes) while we iterate.
        for (Watcher w : Watchers.snapshot(direct)) {
            w.onChange(change);
        }
        for (Watcher w : Watchers.snapshot(wide)) {
            w.onChange(change);
        }
    }

    /**
     * The watchers of one service or namespace, in registration order, with an array snapshot
     * kept between registrations: a change to a thousand streams walks an array instead of
     * copying the set each time. Confined to the loop thread.
     */
    private static final class Watchers {
        private static final Watcher[] NONE = new Watcher[0];
        // Insertion-ordered: O(1) removal when one of 10,000 watchers of a service leaves.
        private final Set<Watcher> set = new LinkedHashSet<>(2);
        private Watcher[] snapshot;

        static Watcher[] snapshot(Watchers watchers) {
            if (watchers == null) {
                return NONE;
            }
            if (watchers.snapshot == null) {
                watchers.snapshot = watchers.set.toArray(NONE);
            }
            return watchers.snapshot;
        }

        void add(Watcher w) {
            if (set.add(w)) {
                snapshot = null;
            }
        }

        /** True when none is left. */
        boolean remove(Watcher w) {
            if (set.remove(w)) {
                snapshot = null;
            }
            return set.isEmpty();
        }
    }

    /** Registers a watcher; on the loop thread, before it reads the state it starts from. */
    void register(Watcher w) {
        for (ServiceKey key : w.services()) {
            byService.computeIfAbsent(key, k -> new Watchers()).add(w);
        }
        if (w.namespace() != null) {
            byNamespace.computeIfAbsent(w.namespace(), k -> new Watchers()).add(w);
        }
        all.add(w);
        hub.watcherAdded();
    }

    /** Unregisters a watcher; idempotent. On the loop thread. */
    void unregister(Watcher w) {
        if (!all.remove(w)) {
            return;
        }
        for (ServiceKey key : w.services()) {
            remove(byService, key, w);
        }
        if (w.namespace() != null) {
            remove(byNamespace, w.namespace(), w);
        }
        hub.watcherRemoved();
    }

    private static <K> void remove(Map<K, Watchers> map, K key, Watcher w) {
        Watchers watchers = map.get(key);
        if (watchers != null && watchers.remove(w)) {
            map.remove(key);
        }
    }

    private void heartbeat() {
        long now = hub.ticker().nanos();
        for (Watcher w : new ArrayList<>(all)) {
            w.onHeartbeat(now);
        }
    }

    /** Watchers on this loop. On the loop thread. */
    int size() {
        return all.size();
    }
}
