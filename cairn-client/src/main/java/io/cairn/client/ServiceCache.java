package io.cairn.client;

import io.cairn.api.InstanceView;
import io.cairn.api.ServiceInstances;
import io.cairn.api.WatchEvent;
import io.cairn.api.WatchState;
import io.cairn.api.time.Cancellable;
import io.cairn.api.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service in {@link Cairn}'s cache: a watch keeps it current, lookups read its published
 * {@link ServiceSnapshot} without any lock or network.
 *
 * <p>Threading: the watch calls this listener on the client's single loop thread, which alone
 * touches the instance map, the revision and the timers ("loop-confined" below). Other threads
 * read only the volatile fields: the published snapshot, whether it is live, and since when it is
 * not. The first lookup of a service waits on {@code first}.
 *
 * <p>Push-empty protection: when a state or change would leave the service with no passing
 * instance while lookups answer a non-empty list, the new state is kept aside and the old list
 * goes on being served, marked {@code held}. After {@code emptyConfirmation} the cache reads the
 * service from the registry directly; if it still has no passing instance at the held revision or
 * later, the empty list is accepted (until the service has passing instances again). A change
 * that brings passing instances back ends the hold at once.
 */
final class ServiceCache implements WatchListener {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceCache.class);
    private static final Duration FLUSH_DELAY = Duration.ofMillis(200);

    private final String namespace;
    private final String service;
    private final CairnClient client;
    private final ClientLoop loop;
    /** The client's time: staleness and the cache file's wall-clock stamps. */
    private final Ticker ticker;
    private final boolean pushEmptyProtection;
    private final Duration emptyConfirmation;
    private final CacheStore store;
    private final List<DiscoveryListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<ServiceSnapshot> first = new CompletableFuture<>();

    private volatile ServiceSnapshot shown;
    private volatile boolean live;
    private volatile long currentAtMillis;
    /** Closed: the shared stream may still deliver, but nothing changes here any more. */
    private volatile boolean closed;

    // Loop-confined.
    private final LinkedHashMap<String, InstanceView> state = new LinkedHashMap<>();
    private long revision = -1;
    private boolean connected;
    private boolean holding;
    private long heldRevision;
    /** The registry confirmed that no instance passes: an empty list is served, not held. */
    private boolean emptyConfirmed;
    private Cancellable confirm;
    private Cancellable flush;

    /** How a cache gets its service watched: shared streams in {@link Cairn}. */
    @FunctionalInterface
    interface Subscriber {
        /**
         * Starts delivering the service's changes after {@code since} (its whole state if
         * negative) to {@code listener}; returns what completes exceptionally if the watch ends
         * for good.
         */
        CompletableFuture<Void> subscribe(String service, long since, WatchListener listener);
    }

    private final Subscriber subscriber;

    ServiceCache(String namespace, String service, CairnClient client, Subscriber subscriber,
            ClientLoop loop, boolean pushEmptyProtection, Duration emptyConfirmation,
            CacheStore store) {
        this.subscriber = subscriber;
        this.namespace = namespace;
        this.service = service;
        this.client = client;
        this.loop = loop;
        this.ticker = loop.ticker();
        this.pushEmptyProtection = pushEmptyProtection;
        this.emptyConfirmation = emptyConfirmation;
        this.store = store;
    }

    /**
     * Gets a first state, from the cache directory's copy or else from one read of the registry
     * (which also checks the name: a refusal is thrown), then subscribes to the changes after it.
     * A registry that cannot be reached is not an error here: the stream brings the state when it
     * can, and lookups wait for it.
     *
     * @throws CairnClientException if the registry refuses the service (an invalid name)
     */
    void start() {
        Optional<CachedService> cached = store == null ? Optional.empty() : store.load(namespace, service);
        if (cached.isEmpty()) {
            try {
                ServiceInstances now = client.instances(namespace, service, List.of(), Map.of());
                for (InstanceView i : now.instances()) {
                    state.put(i.id(), i);
                }
                revision = now.revision();
                currentAtMillis = wallMillis();
                shown = new ServiceSnapshot(namespace, service, revision, now.instances(), false, false);
                first.complete(shown);
                loop.execute(this::scheduleFlush);
            } catch (RegistryUnreachableException e) {
                LOG.debug("event=first-read-failed service={} error={}", service, e.getMessage());
            } catch (CairnClientException e) {
                if (!e.isRetryable()) {
                    throw e; // a refusal retrying cannot fix, such as an invalid name
                }
                // e.g. 503 while a partition elects its leader: the stream brings the state
                LOG.debug("event=first-read-failed service={} status={}", service, e.status());
            }
        } else {
            CachedService c = cached.get();
            for (InstanceView i : c.instances()) {
                state.put(i.id(), i);
            }
            revision = c.revision();
            currentAtMillis = c.currentAt();
            shown = new ServiceSnapshot(namespace, service, revision, c.instances(), false, true);
            first.complete(shown);
            LOG.info("event=cache-loaded namespace={} service={} revision={} instances={} age-ms={}", namespace,
                    service, revision, c.instances().size(), wallMillis() - c.currentAt());
        }
        // The watch's first callback runs on the loop thread after this: the map above is published to it.
        subscriber.subscribe(service, revision, this).whenComplete((v, e) -> {
            if (e != null) {
                first.completeExceptionally(e);
            }
        });
    }

    /** What lookups answer now, waiting up to {@code wait} for the first state if there is none yet. */
    ServiceSnapshot snapshot(Duration wait) {
        ServiceSnapshot s = shown;
        if (s != null) {
            return s;
        }
        if (client.onLoopThread()) {
            throw new IllegalStateException("a discovery listener looked up service " + service
                    + " that is not cached yet: that lookup would wait for the listener's own thread");
        }
        try {
            return first.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RegistryUnreachableException("no state of service " + namespace + "/" + service
                    + " from the registry within " + wait.toMillis() + " ms, and no cached copy", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnreachableException("interrupted while waiting for service " + service, e);
        }
    }

    /** How long ago the served list was last known to be the registry's current one; null before any. */
    Duration staleness() {
        if (live) {
            return Duration.ZERO;
        }
        if (shown == null) {
            return null;
        }
        return Duration.ofMillis(Math.max(0, wallMillis() - currentAtMillis));
    }

    void addListener(DiscoveryListener listener) {
        listeners.add(listener);
    }

    void removeListener(DiscoveryListener listener) {
        listeners.remove(listener);
    }

    /**
     * Writes the cache file one last time and stops the timers; waits for the loop up to 2 s. The
     * shared stream is closed by its owner.
     */
    void close() {
        closed = true;
        try {
            loop.submit(() -> {
                cancel(confirm);
                cancel(flush);
                flushNow();
            }).get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("event=cache-close-incomplete service={} error={}", service, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- WatchListener: the loop thread ----

    @Override
    public void onConnect() {
        connected = true;
        ServiceSnapshot s = shown;
        if (s != null && s.fromDisk()) {
            // The registry now sends what changed after the file's revision, if anything: the file is current.
            shown = new ServiceSnapshot(namespace, service, s.revision(), s.instances(), s.held(), false);
        }
        setLive(!holding);
    }

    @Override
    public void onDisconnect(Throwable cause) {
        connected = false;
        setLive(false);
    }

    @Override
    public void onState(WatchState s) {
        state.clear();
        for (InstanceView i : s.instances()) {
            state.put(i.id(), i);
        }
        revision = s.revision();
        publish(null);
    }

    @Override
    public void onChange(WatchEvent event) {
        if ("deregistered".equals(event.kind())) {
            state.remove(event.instance().id());
        } else {
            state.put(event.instance().id(), event.instance());
        }
        revision = event.revision();
        publish(event);
    }

    private void publish(WatchEvent event) {
        if (closed) {
            return;
        }
        ServiceSnapshot candidate = new ServiceSnapshot(namespace, service, revision, new ArrayList<>(state.values()),
                false, false);
        ServiceSnapshot previous = shown;
        if (pushEmptyProtection && candidate.passing().isEmpty() && previous != null
                && !previous.passing().isEmpty() && !emptyConfirmed) {
            heldRevision = revision;
            if (!holding) {
                holding = true;
                LOG.warn("event=push-empty-held namespace={} service={} revision={} serving-revision={} serving={}",
                        namespace, service, revision, previous.revision(), previous.passing().size());
                shown = previous.withHeld(true);
                setLive(false);
                scheduleConfirm();
            }
            return;
        }
        if (!candidate.passing().isEmpty()) {
            emptyConfirmed = false;
        }
        boolean released = holding;
        if (holding) {
            holding = false;
            cancel(confirm);
            confirm = null;
            LOG.info("event=push-empty-released namespace={} service={} revision={} passing={}", namespace, service,
                    revision, candidate.passing().size());
        }
        shown = candidate;
        setLive(connected);
        scheduleFlush();
        first.complete(candidate);
        for (DiscoveryListener l : listeners) {
            try {
                l.changed(candidate, released ? null : event);
            } catch (RuntimeException e) {
                LOG.warn("event=discovery-listener-removed service={} error={}", service, e.toString());
                listeners.remove(l);
            }
        }
    }

    private void scheduleConfirm() {
        confirm = loop.schedule(emptyConfirmation, this::confirmEmpty);
    }

    /** Asks the registry directly whether the service really has no passing instance. */
    private void confirmEmpty() {
        if (!holding) {
            return;
        }
        long wanted = heldRevision;
        client.instancesAsync(namespace, service).whenComplete((answer, error) -> loop.execute(() -> {
            if (!holding) {
                return;
            }
            if (error == null && confirmsEmpty(answer, wanted)) {
                emptyConfirmed = true;
                LOG.warn("event=push-empty-confirmed namespace={} service={} revision={}", namespace, service,
                        answer.revision());
                publish(null);
            } else {
                scheduleConfirm();
            }
        }));
    }

    private static boolean confirmsEmpty(ServiceInstances answer, long wanted) {
        if (answer.revision() < wanted) {
            return false;
        }
        for (InstanceView i : answer.instances()) {
            if (i.passing()) {
                return false;
            }
        }
        return true;
    }

    private void setLive(boolean now) {
        if (live && !now) {
            currentAtMillis = wallMillis();
        }
        live = now;
    }

    private void scheduleFlush() {
        if (store != null && flush == null) {
            flush = loop.schedule(FLUSH_DELAY, () -> {
                flush = null;
                flushNow();
            });
        }
    }

    private void flushNow() {
        ServiceSnapshot s = shown;
        if (store == null || s == null || s.fromDisk()) {
            return;
        }
        store.save(new CachedService(CachedService.FORMAT, live ? wallMillis() : currentAtMillis, namespace,
                service, s.revision(), s.instances()));
    }

    private static void cancel(Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    /** Epoch milliseconds by the client's ticker: comparable with the stamps of earlier runs' files. */
    private long wallMillis() {
        return ticker.now().toEpochMilli();
    }
}
