package io.cairn.client;

import io.cairn.api.HeartbeatRequest;
import io.cairn.api.HeartbeatResult;
import io.cairn.api.InstanceRef;
import io.cairn.api.InstanceRequest;
import io.cairn.api.time.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this application's registrations alive: one heartbeat loop for all of them, on the
 * client's loop thread, renewing every ephemeral instance in one {@code PUT /v1/heartbeat} per
 * round (10,000 per call), every quarter of the shortest TTL with ±10% jitter (so a restarted
 * fleet does not beat in step). An instance the registry names unknown (it expired, or the
 * registry lost it) is registered again at once; so is one whose registration has not been
 * acknowledged yet (the registry was unreachable). The HTTP calls are asynchronous and fail over
 * across the registry addresses; a round that reaches no registry is simply the next round's
 * work, so an outage costs one call per round, never a tight loop.
 *
 * <p>Threading: registrations live in a concurrent map (any thread registers or closes); the
 * round timer and {@code inFlight} are confined to the loop thread.
 */
final class Registrar {

    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    private static final int MAX_PER_CALL = 10_000;

    private final CairnClient client;
    private final Duration defaultTtl;
    private final ConcurrentHashMap<InstanceRef, Entry> entries = new ConcurrentHashMap<>();

    // Loop-confined.
    private Cancellable round;
    private long roundMillis;
    private boolean closed;

    Registrar(CairnClient client, Duration defaultTtl) {
        this.client = client;
        this.defaultTtl = defaultTtl;
    }

    /**
     * Registers now (blocking, with failover), then keeps the instance registered. A refusal
     * (invalid instance: a 4xx) throws and keeps nothing; an unreachable registry, or one that
     * cannot take the write yet ({@link CairnClientException#isRetryable()}), is logged and retried by the heartbeat loop.
     */
    Registration register(String namespace, String service, String id, InstanceRequest request) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(id, "id");
        InstanceRequest r = Objects.requireNonNull(request, "request");
        if (r.ephemeral() == null) {
            r = r.asEphemeral(r.ttl() != null ? r.ttl() : defaultTtl.toMillis() + "ms");
        } else if (r.ephemeral() && r.ttl() == null) {
            r = r.asEphemeral(defaultTtl.toMillis() + "ms");
        }
        InstanceRef ref = new InstanceRef(namespace, service, id);
        Entry entry = new Entry(ref, r, ttlOf(r));
        try {
            client.register(namespace, service, id, r);
            entry.registered = true;
        } catch (RegistryUnreachableException e) {
            LOG.warn("event=register-deferred service={} id={} error={}", service, id, e.getMessage());
        } catch (CairnClientException e) {
            if (!e.isRetryable()) {
                throw e; // refused: nothing is kept
            }
            // e.g. 503 while the partition elects a leader: the heartbeat loop registers it
            LOG.warn("event=register-deferred service={} id={} error={}", service, id, e.getMessage());
        }
        Entry old = entries.put(ref, entry);
        if (old != null) {
            old.replaced = true;
        }
        client.loop().execute(this::reschedule);
        return entry;
    }

    /** Deregisters everything still registered (best effort) and stops the loop. */
    void close() {
        for (Entry e : new ArrayList<>(entries.values())) {
            e.close();
        }
        try {
            client.loop().execute(() -> {
                closed = true;
                if (round != null) {
                    round.cancel();
                }
            });
        } catch (IllegalStateException e) {
            // the client is already closed: so is its loop
        }
    }

    private static Duration ttlOf(InstanceRequest r) {
        if (!Boolean.TRUE.equals(r.ephemeral())) {
            return null;
        }
        return DurationText.parse(r.ttl());
    }

    /** Sets the round period to a quarter of the shortest TTL; starts or stops the round timer. */
    private void reschedule() {
        if (closed) {
            return;
        }
        long shortest = Long.MAX_VALUE;
        for (Entry e : entries.values()) {
            if (e.ttl != null) {
                shortest = Math.min(shortest, e.ttl.toMillis());
            }
        }
        boolean pending = entries.values().stream().anyMatch(e -> !e.registered);
        long period = shortest == Long.MAX_VALUE ? (pending ? defaultTtl.toMillis() / 4 : 0) : Math.max(50, shortest / 4);
        if (period == roundMillis && round != null) {
            return;
        }
        if (round != null) {
            round.cancel();
            round = null;
        }
        roundMillis = period;
        if (period > 0) {
            scheduleRound();
        }
    }

    private void scheduleRound() {
        long delay = Math.round(roundMillis * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()));
        round = client.loop().schedule(Duration.ofMillis(delay), this::beat);
    }

    /** One round: register what is not registered, renew the rest. Runs on the loop thread. */
    private void beat() {
        if (closed) {
            return;
        }
        List<InstanceRef> renew = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (!e.registered) {
                reregister(e);
            } else if (e.ttl != null) {
                renew.add(e.ref);
            }
        }
        for (int from = 0; from < renew.size(); from += MAX_PER_CALL) {
            List<InstanceRef> part = renew.subList(from, Math.min(renew.size(), from + MAX_PER_CALL));
            client.heartbeatAsync(new HeartbeatRequest(List.copyOf(part))).whenComplete((result, error) -> {
                if (error != null) {
                    LOG.debug("event=heartbeat-failed instances={} error={}", part.size(), error.toString());
                } else {
                    client.loop().execute(() -> answered(result));
                }
            });
        }
        if (entries.values().stream().noneMatch(e -> e.ttl != null || !e.registered)) {
            round = null;
            roundMillis = 0;
            return;
        }
        scheduleRound();
    }

    private void answered(HeartbeatResult result) {
        Set<InstanceRef> unknown = new HashSet<>(result.unknown());
        for (InstanceRef ref : unknown) {
            Entry e = entries.get(ref);
            if (e != null) {
                LOG.info("event=instance-unknown-reregistering service={} id={}", ref.service(), ref.id());
                e.registered = false;
                reregister(e);
            }
        }
    }

    private void reregister(Entry e) {
        if (e.inFlight) {
            return;
        }
        e.inFlight = true;
        client.registerAsync(e.ref.namespace(), e.ref.service(), e.ref.id(), e.request).whenComplete((w, error) -> {
            e.inFlight = false;
            if (error == null && !e.closed && !e.replaced) {
                e.registered = true;
                LOG.info("event=instance-registered service={} id={}", e.ref.service(), e.ref.id());
            } else if (error != null) {
                LOG.debug("event=register-failed service={} id={} error={}", e.ref.service(), e.ref.id(),
                        error.toString());
            }
        });
    }

    private final class Entry implements Registration {

        final InstanceRef ref;
        final InstanceRequest request;
        final Duration ttl;
        volatile boolean registered;
        volatile boolean inFlight;
        volatile boolean closed;
        volatile boolean replaced;

        Entry(InstanceRef ref, InstanceRequest request, Duration ttl) {
            this.ref = ref;
            this.request = request;
            this.ttl = ttl;
        }

        @Override
        public String namespace() {
            return ref.namespace();
        }

        @Override
        public String service() {
            return ref.service();
        }

        @Override
        public String id() {
            return ref.id();
        }

        @Override
        public boolean isRegistered() {
            return registered && !closed;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!entries.remove(ref, this)) {
                return; // replaced by a newer registration of the same instance: that one owns it now
            }
            try {
                client.deregister(ref.namespace(), ref.service(), ref.id());
            } catch (CairnClientException e) {
                if (e.status() != 404) {
                    LOG.warn("event=deregister-failed service={} id={} error={}", ref.service(), ref.id(),
                            e.getMessage());
                }
            } catch (RegistryUnreachableException e) {
                LOG.warn("event=deregister-failed service={} id={} error={}", ref.service(), ref.id(), e.getMessage());
            }
        }
    }
}
