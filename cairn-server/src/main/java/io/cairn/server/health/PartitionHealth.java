package io.cairn.server.health;

import io.cairn.api.time.Ticker;
import io.cairn.core.catalog.ChangeListener;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.watch.Change;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What one partition's health work needs beside its catalog: the TTL leases of its ephemeral
 * instances, its instances with checks, and when its critical instances with a
 * {@code deregisterAfter} turned critical.
 *
 * <p>Kept current by the catalog's change listener on the apply thread (on every replica, so a
 * new leader has it at hand); read by the sweeper, HTTP threads (heartbeats) and the check
 * runner. The maps are concurrent; a {@link Lease}'s own fields are volatile.
 */
final class PartitionHealth {

    final int partition;
    final Map<InstanceName, Lease> leases = new ConcurrentHashMap<>();
    final Map<InstanceName, Instance> withChecks = new ConcurrentHashMap<>();
    final Map<InstanceName, Long> criticalSince = new ConcurrentHashMap<>();
    /** Instances whose removal for staying critical is proposed and not yet applied. */
    final Set<InstanceName> removing = ConcurrentHashMap.newKeySet();
    /** The Raft term this node leads the partition in, or -1. Sweeper thread only. */
    long leaderTerm = -1;

    private final Ticker ticker;
    private final CheckRunnerLink checks;

    /** Where check-relevant changes go once the runner exists (it needs Vert.x, which starts later). */
    interface CheckRunnerLink {
        void changed(int partition, InstanceName name, Instance instance);

        void removed(InstanceName name);
    }

    PartitionHealth(int partition, Ticker ticker, CheckRunnerLink checks) {
        this.partition = partition;
        this.ticker = ticker;
        this.checks = checks;
    }

    ChangeListener listener() {
        return new ChangeListener() {
            @Override
            public void changed(Change change, ServiceState after) {
                InstanceName name = new InstanceName(change.service(), change.instanceId());
                switch (change.kind()) {
                    case DEREGISTERED -> forget(name);
                    case REGISTERED, UPDATED -> track(name, change.instance(), ticker.nanos(), true);
                    case HEALTH -> track(name, change.instance(), ticker.nanos(), false);
                }
            }

            @Override
            public void restored(Collection<ServiceState> services) {
                leases.clear();
                withChecks.clear();
                criticalSince.clear();
                removing.clear();
                long now = ticker.nanos();
                for (ServiceState s : services) {
                    for (Instance i : s.instances()) {
                        track(new InstanceName(s.key(), i.id()), i, now, true);
                    }
                }
            }
        };
    }

    /**
     * @param alive true when the change is a sign of life from the owner (a registration), which
     *     renews the lease; a health change is not
     */
    private void track(InstanceName name, Instance instance, long now, boolean alive) {
        if (instance.ephemeral()) {
            long ttl = TimeUnit.MILLISECONDS.toNanos(instance.liveness().ttlMillis());
            if (alive) {
                leases.put(name, new Lease(ttl, now));
            } else {
                leases.computeIfAbsent(name, n -> new Lease(ttl, now));
            }
        } else {
            leases.remove(name);
        }
        if (instance.liveness().checks().isEmpty()) {
            if (withChecks.remove(name) != null) {
                checks.removed(name);
            }
        } else {
            withChecks.put(name, instance);
            checks.changed(partition, name, instance);
        }
        if (instance.health() == Health.CRITICAL && instance.liveness().deregisterAfterMillis() > 0) {
            criticalSince.putIfAbsent(name, now);
        } else {
            criticalSince.remove(name);
        }
    }

    private void forget(InstanceName name) {
        leases.remove(name);
        criticalSince.remove(name);
        removing.remove(name);
        if (withChecks.remove(name) != null) {
            checks.removed(name);
        }
    }

    /**
     * This node just became leader (or protection just ended): nobody may be expired or removed
     * for time that passed before now.
     */
    void refreshAll(long now) {
        for (Lease l : leases.values()) {
            l.refresh(now);
        }
        criticalSince.replaceAll((n, since) -> now);
    }
}
