package io.cairn.server.health;

import io.cairn.api.ExpiryProtection;
import io.cairn.api.time.Cancellable;
import io.cairn.api.time.Scheduler;
import io.cairn.api.time.Ticker;
import io.cairn.api.CheckStatus;
import io.cairn.api.InstanceLiveness;
import io.cairn.api.ServiceLiveness;
import io.cairn.core.catalog.ChangeListener;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.command.Deregister;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.ChangeReason;
import io.cairn.server.partition.PartitionRouter;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's health work: renews leases on heartbeats, expires ephemeral instances whose TTL
 * ran out, removes instances critical for longer than their {@code deregisterAfter}, runs checks
 * (through {@link CheckRunner}), and holds back expiry when too many instances go silent at once
 * ({@link ExpiryGuard}). Only the partitions this node leads are worked on.
 *
 * <p>Lifecycle: built before Raft starts (its listeners see the log replayed), {@link #start}ed
 * once the partitions serve and Vert.x runs, {@link #close}d before Raft stops.
 *
 * <p>Threading: one sweep at a time runs {@link #sweep} every {@link HealthSettings#sweepInterval},
 * timed by the injected {@link Scheduler} (by default the monitor's own {@code cairn-health}
 * thread; a test's manual one runs the sweeps that fall due on the thread advancing its clock, so
 * leases expire when the test moves time, not after a wall-clock wait). {@link #heartbeat} is
 * called on HTTP threads and only touches a lease's volatile fields.
 */
public final class HealthMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    private final HealthSettings settings;
    private final Ticker ticker;
    private final PartitionHealth[] partitions;
    private final ExpiryGuard guard;
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong renewals = new AtomicLong();
    private volatile CheckRunner checks;
    private PartitionRouter router;
    /** The injected timers, or null for a thread of this monitor's own. */
    private final Scheduler scheduler;
    /** The monitor's own sweeper thread, when no scheduler was injected. */
    private ScheduledExecutorService sweeper;
    /** Guarded by {@code this}: the next sweep, and whether the monitor is closed. */
    private Cancellable nextSweep;
    private boolean closed;

    /**
     * @param scheduler what times the sweeps, measuring by {@code ticker}; null for a thread of
     *     the monitor's own (then {@code ticker} must be {@link Ticker#SYSTEM})
     */
    public HealthMonitor(HealthSettings settings, Ticker ticker, Scheduler scheduler, int partitionCount) {
        this.settings = settings;
        this.ticker = ticker;
        this.scheduler = scheduler;
        this.guard = new ExpiryGuard(settings, ticker);
        this.partitions = new PartitionHealth[partitionCount];
        PartitionHealth.CheckRunnerLink link = new PartitionHealth.CheckRunnerLink() {
            @Override
            public void changed(int partition, InstanceName name, Instance instance) {
                CheckRunner c = checks;
                if (c != null) {
                    c.changed(partition, name, instance);
                }
            }

            @Override
            public void removed(InstanceName name) {
                CheckRunner c = checks;
                if (c != null) {
                    c.removed(name);
                }
            }
        };
        for (int p = 0; p < partitionCount; p++) {
            partitions[p] = new PartitionHealth(p, ticker, link);
        }
    }

    /** The listener for one partition's catalog: keeps leases and check lists current. */
    public ChangeListener listener(int partition) {
        return partitions[partition].listener();
    }

    /** Starts checks and the sweeper. */
    public void start(PartitionRouter partitionRouter, Vertx vertx) {
        this.router = partitionRouter;
        this.checks = new CheckRunner(vertx, partitionRouter, ticker);
        Scheduler timers = scheduler;
        if (timers == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cairn-health");
                t.setDaemon(true);
                return t;
            });
            timers = Scheduler.of(sweeper);
        }
        // The first sweep runs before the node serves HTTP: it takes leadership of every ready
        // partition (fresh TTLs, checks started), so nothing a client does can race it.
        sweepSafely();
        scheduleSweep(timers);
    }

    /** The next sweep, an interval after this one ended (a fixed delay, as sweeps never overlap). */
    private synchronized void scheduleSweep(Scheduler timers) {
        if (closed) {
            return;
        }
        nextSweep = timers.schedule(settings.sweepInterval(), () -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            sweepSafely();
            scheduleSweep(timers);
        });
    }

    /**
     * Renews one instance's lease. The caller has checked that this node leads the instance's
     * partition.
     */
    public HeartbeatOutcome heartbeat(ServiceKey service, String id, ServiceState state) {
        PartitionHealth ph = partitions[router.partitionOf(service)];
        Lease lease = ph.leases.get(new InstanceName(service, id));
        if (lease != null && !lease.expiring()) {
            lease.renew(ticker.nanos());
            renewals.incrementAndGet();
            return HeartbeatOutcome.RENEWED;
        }
        Instance instance = state == null ? null : state.find(id);
        return instance != null && !instance.ephemeral() ? HeartbeatOutcome.PERSISTENT : HeartbeatOutcome.UNKNOWN;
    }

    /**
     * The owner's report of a TTL check ({@code checkIndex}: its position among the instance's
     * checks). Only the node that leads the instance's partition runs its checks; elsewhere the
     * answer is {@link CheckReport#NOT_HERE}. Any thread.
     */
    public CheckReport reportCheck(ServiceKey service, String id, int checkIndex, Health status, String output) {
        CheckRunner c = checks;
        return c == null ? CheckReport.NOT_HERE : c.report(new InstanceName(service, id), checkIndex, status, output);
    }

    /**
     * A number that moves whenever any check's last status or output on this node changes (0
     * before checks run): what {@link #checkResults} shows is the same while it stays.
     */
    public long checkResultChanges() {
        CheckRunner c = checks;
        return c == null ? 0 : c.resultChanges();
    }

    /**
     * The last result of each of the instance's checks, in order, where this node runs them (it
     * leads the partition); null elsewhere, and for an instance without checks.
     */
    public List<CheckResult> checkResults(ServiceKey service, String id) {
        CheckRunner c = checks;
        return c == null ? null : c.results(new InstanceName(service, id));
    }

    /**
     * Heartbeat ages and check results of a service's instances, from this node's memory: true
     * only where this node leads the service's partition (the caller read {@code state} there).
     */
    public ServiceLiveness liveness(ServiceKey key, ServiceState state) {
        long now = ticker.nanos();
        PartitionHealth ph = partitions[router.partitionOf(key)];
        CheckRunner runner = checks;
        List<InstanceLiveness> out = new ArrayList<>();
        if (state != null) {
            for (Instance i : state.instances()) {
                InstanceName name = new InstanceName(key, i.id());
                Lease lease = i.ephemeral() ? ph.leases.get(name) : null;
                Long heartbeatAge = lease == null ? null : TimeUnit.NANOSECONDS.toMillis(Math.max(0, lease.silence(now)));
                List<CheckResult> results = runner == null ? null : runner.results(name);
                List<CheckStatus> statuses = new ArrayList<>();
                for (int c = 0; c < i.liveness().checks().size(); c++) {
                    CheckResult r = results == null || c >= results.size() ? null : results.get(c);
                    statuses.add(r == null || r.status() == null ? new CheckStatus(c, null, null, null) : new CheckStatus(c,
                            r.status() == null ? null : r.status().wireName(), r.output(),
                            r.atNanos() == CheckResult.NEVER ? null : TimeUnit.NANOSECONDS.toMillis(Math.max(0, now - r.atNanos()))));
                }
                out.add(new InstanceLiveness(i.id(), heartbeatAge, statuses));
            }
        }
        return new ServiceLiveness(key.namespace(), key.service(), state == null ? 0 : state.revision(), out);
    }

    /** Whether expiry is paused in {@code namespace} now (any thread; a scan of a short list). */
    public boolean isProtected(String namespace) {
        for (ExpiryProtection p : guard.protectedNamespaces()) {
            if (p.namespace().equals(namespace)) {
                return true;
            }
        }
        return false;
    }

    /** Namespaces where expiry is paused now. */
    public List<ExpiryProtection> protectedNamespaces() {
        return guard.protectedNamespaces();
    }

    /** Instances expired since start. */
    public long expiredCount() {
        return expired.get();
    }

    /** Leases renewed since start. */
    public long renewalCount() {
        return renewals.get();
    }

    /** Health proposals made by checks since start (0 before {@link #start}). */
    public int healthProposals() {
        CheckRunner c = checks;
        return c == null ? 0 : c.proposals();
    }

    /** Ephemeral instances with a lease, over the partitions of this node. */
    public int leaseCount() {
        int n = 0;
        for (PartitionHealth ph : partitions) {
            n += ph.leases.size();
        }
        return n;
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // The next sweep tries again; dying here would stop all expiry silently.
            LOG.error("event=health-sweep-failed", e);
        }
    }

    private record Overdue(PartitionHealth partition, InstanceName name, Lease lease) {
    }

    private static final class Counts {
        int total;
        int silent;
        long window;
    }

    /** One pass: leadership, leases, protection, critical timeouts. */
    void sweep() {
        long now = ticker.nanos();
        Map<String, Counts> namespaces = new HashMap<>();
        List<Overdue> overdue = new ArrayList<>();
        for (PartitionHealth ph : partitions) {
            long term = router.leaderTerm(ph.partition);
            if (term < 0) {
                if (ph.leaderTerm >= 0) {
                    ph.leaderTerm = -1;
                    checks.unlead(ph.partition);
                }
                continue;
            }
            if (term != ph.leaderTerm) {
                ph.leaderTerm = term;
                ph.refreshAll(now);
                checks.lead(ph.partition, ph.withChecks.values());
                LOG.info("event=health-leader partition={} term={} leases={} checked={}", ph.partition, term,
                        ph.leases.size(), ph.withChecks.size());
            }
            for (Map.Entry<InstanceName, Lease> e : ph.leases.entrySet()) {
                Lease lease = e.getValue();
                if (lease.expiring()) {
                    continue;
                }
                Counts c = namespaces.computeIfAbsent(e.getKey().namespace(), k -> new Counts());
                c.total++;
                c.window = Math.max(c.window, lease.ttlNanos);
                if (lease.silent(now)) {
                    c.silent++;
                    if (lease.overdue(now)) {
                        overdue.add(new Overdue(ph, e.getKey(), lease));
                    }
                }
            }
            removeLongCritical(ph, now);
        }
        Map<String, ExpiryGuard.Decision> decisions = new HashMap<>();
        for (Map.Entry<String, Counts> e : namespaces.entrySet()) {
            Counts c = e.getValue();
            decisions.put(e.getKey(), guard.assess(e.getKey(), c.total, c.silent, c.window, now));
        }
        guard.publish(namespaces.keySet());
        for (Map.Entry<String, ExpiryGuard.Decision> e : decisions.entrySet()) {
            if (e.getValue() == ExpiryGuard.Decision.RESUME) {
                refreshNamespace(e.getKey(), now);
            }
        }
        for (Overdue o : overdue) {
            if (decisions.get(o.name().namespace()) == ExpiryGuard.Decision.EXPIRE) {
                expire(o, now);
            }
        }
    }

    private void expire(Overdue o, long now) {
        o.lease().expiring(true);
        guard.expired(o.name().namespace(), now);
        expired.incrementAndGet();
        LOG.info("event=expired service={} id={} silent-ms={}", o.name().service(), o.name().id(),
                TimeUnit.NANOSECONDS.toMillis(o.lease().silence(now)));
        router.submit(new Deregister(o.name().service(), o.name().id(), ChangeReason.EXPIRED)).whenComplete((r, e) -> {
            if (e != null) {
                // Not removed: the lease stays and the next sweep decides again.
                o.lease().expiring(false);
                LOG.warn("event=expiry-failed service={} id={} error={}", o.name().service(), o.name().id(),
                        e.getMessage());
            }
        });
    }

    private void removeLongCritical(PartitionHealth ph, long now) {
        for (Map.Entry<InstanceName, Long> e : ph.criticalSince.entrySet()) {
            InstanceName name = e.getKey();
            Instance instance = ph.withChecks.get(name);
            if (instance == null) {
                continue;
            }
            long limit = TimeUnit.MILLISECONDS.toNanos(instance.liveness().deregisterAfterMillis());
            if (now - e.getValue() <= limit || !ph.removing.add(name)) {
                continue;
            }
            LOG.info("event=deregister-critical service={} id={} critical-ms={}", name.service(), name.id(),
                    TimeUnit.NANOSECONDS.toMillis(now - e.getValue()));
            router.submit(new Deregister(name.service(), name.id(), ChangeReason.CRITICAL)).whenComplete((r, err) -> {
                if (err != null) {
                    ph.removing.remove(name);
                }
            });
        }
    }

    private void refreshNamespace(String namespace, long now) {
        for (PartitionHealth ph : partitions) {
            for (Map.Entry<InstanceName, Lease> e : ph.leases.entrySet()) {
                if (e.getKey().namespace().equals(namespace)) {
                    e.getValue().refresh(now);
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (nextSweep != null) {
                nextSweep.cancel();
            }
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
            try {
                sweeper.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sweeper = null;
        }
        CheckRunner c = checks;
        if (c != null) {
            c.close();
        }
    }
}
