package io.cairn.server.health;

import io.cairn.api.time.Ticker;
import io.cairn.core.command.SetHealth;
import io.cairn.core.model.Check;
import io.cairn.core.model.CheckType;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.server.partition.PartitionRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the active checks of the instances of the partitions this node leads, and writes an
 * instance's health through Raft when, and only when, the worst of its checks' last results
 * differs from the health the catalog holds.
 *
 * <p>Each check is one Vert.x periodic timer (no thread per check); probes are non-blocking. A
 * probe is HTTP GET (2xx passing, 429 warning, anything else, an error or no answer within the
 * timeout critical; redirects are not followed) or a TCP connect (connected passing); see
 * {@link Prober}.
 *
 * <p>A TTL check has no probe: its owner {@link #report}s it, and a timer turns it critical when
 * no report comes within its interval.
 *
 * <p>Threading: {@link #changed}, {@link #removed}, {@link #lead} and {@link #unlead} come from
 * the apply and sweeper threads and are serialized by this object's monitor, which guards
 * {@code running} and {@code led}. Probe results arrive on Vert.x event loops and touch only
 * their {@link Probes}'s volatile fields; a health proposal is made under that object's monitor.
 */
final class CheckRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckRunner.class);

    private final Vertx vertx;
    private final PartitionRouter router;
    private final Prober prober;
    /** Guarded by this. */
    private final Map<InstanceName, Probes> running = new HashMap<>();
    /** Guarded by this. */
    private final boolean[] led;
    private final AtomicInteger proposals = new AtomicInteger();
    private boolean closed;

    CheckRunner(Vertx vertx, PartitionRouter router, Ticker ticker) {
        this.ticker = ticker;
        this.vertx = vertx;
        this.router = router;
        this.led = new boolean[router.partitions()];
        this.prober = new Prober(vertx, ticker);
    }

    private final Ticker ticker;
    /** Moves whenever a check's status or output changes here (readers cache answers built from them). */
    private final AtomicLong resultChanges = new AtomicLong();

    /** A number that moves whenever any check's last status or output on this node changes. */
    long resultChanges() {
        return resultChanges.get();
    }

    /** Health proposals made so far; a test reads it to show probes alone write nothing. */
    int proposals() {
        return proposals.get();
    }

    /** An instance with checks was registered or changed in {@code partition}. */
    synchronized void changed(int partition, InstanceName name, Instance instance) {
        if (closed || !led[partition]) {
            return;
        }
        Probes current = running.get(name);
        if (current != null && current.instance.liveness().checks().equals(instance.liveness().checks())) {
            current.instance = instance; // same checks: keep probing, know the new health
            return;
        }
        if (current != null) {
            current.stop();
        }
        running.put(name, start(name, instance));
        resultChanges.incrementAndGet();
    }

    synchronized void removed(InstanceName name) {
        Probes p = running.remove(name);
        resultChanges.incrementAndGet();
        if (p != null) {
            p.stop();
        }
    }

    /** This node now leads {@code partition}: start the checks of its instances. */
    synchronized void lead(int partition, Collection<Instance> withChecks) {
        if (closed) {
            return;
        }
        led[partition] = true;
        for (Instance i : withChecks) {
            InstanceName name = new InstanceName(i.key(), i.id());
            Probes old = running.put(name, start(name, i));
            resultChanges.incrementAndGet();
            if (old != null) {
                old.stop();
            }
        }
    }

    /** This node no longer leads {@code partition}: its checks run elsewhere now. */
    synchronized void unlead(int partition) {
        led[partition] = false;
        resultChanges.incrementAndGet();
        running.entrySet().removeIf(e -> {
            if (router.partitionOf(e.getKey().service()) == partition) {
                e.getValue().stop();
                return true;
            }
            return false;
        });
    }

    synchronized int running() {
        return running.size();
    }

    /**
     * The owner's report of a TTL check: {@code checkIndex} is the check's position in the
     * instance's checks. Any thread.
     */
    CheckReport report(InstanceName name, int checkIndex, Health status, String output) {
        Probes p;
        synchronized (this) {
            p = running.get(name);
        }
        if (p == null) {
            return CheckReport.NOT_HERE;
        }
        List<Check> checks = p.instance.liveness().checks();
        if (checkIndex < 0 || checkIndex >= checks.size()) {
            return CheckReport.UNKNOWN_CHECK;
        }
        if (checks.get(checkIndex).type() != CheckType.TTL) {
            return CheckReport.NOT_TTL;
        }
        p.report(checkIndex, checks.get(checkIndex), status, output);
        return CheckReport.REPORTED;
    }

    /** The last result of each of the instance's checks (null before its first), or null when they do not run here. */
    List<CheckResult> results(InstanceName name) {
        Probes p;
        synchronized (this) {
            p = running.get(name);
        }
        return p == null ? null : p.snapshot();
    }

    private Probes start(InstanceName name, Instance instance) {
        Probes p = new Probes(name, instance);
        List<Check> checks = instance.liveness().checks();
        for (int c = 0; c < checks.size(); c++) {
            Check check = checks.get(c);
            int index = c;
            if (check.type() == CheckType.TTL) {
                // Nobody probes it. It starts as the catalog has the instance (critical when new,
                // as Consul's TTL checks start; what it was before a failover otherwise) with a
                // full TTL, so a new leader does not fail a check whose owner reported to the old one.
                p.results[c] = instance.health();
                p.timers[c] = vertx.setTimer(check.intervalMillis(), id -> p.lapse(index));
                continue;
            }
            // The first probe soon (an instance with checks is critical until one passes), with
            // jitter so that a new leader does not probe everything in the same millisecond.
            long first = 1 + ThreadLocalRandom.current().nextLong(Math.min(check.intervalMillis(), 250));
            p.timers[c] = vertx.setPeriodic(first, check.intervalMillis(), id -> p.probe(index, check));
        }
        return p;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Probes p : running.values()) {
            p.stop();
        }
        running.clear();
        resultChanges.incrementAndGet();
        prober.close();
    }

    /** The timers and last results of one instance's checks. */
    private final class Probes {
        final InstanceName name;
        volatile Instance instance;
        final long[] timers;
        /** Guarded by itself, like outputs and the TTL checks' timers. */
        final Health[] results;
        final String[] outputs;
        final long[] at;
        volatile boolean stopped;
        /** The health proposed and not yet applied, or null. Guarded by this. */
        Health proposed;

        Probes(InstanceName name, Instance instance) {
            this.name = name;
            this.instance = instance;
            int n = instance.liveness().checks().size();
            this.timers = new long[n];
            this.results = new Health[n];
            this.outputs = new String[n];
            this.at = new long[n];
            java.util.Arrays.fill(at, CheckResult.NEVER);
        }

        /** A TTL check's report: its new result, and a full TTL from now. */
        void report(int index, Check check, Health status, String output) {
            synchronized (results) {
                if (stopped) {
                    return;
                }
                vertx.cancelTimer(timers[index]);
                noteChange(index, status, output);
                results[index] = status;
                outputs[index] = output;
                at[index] = ticker.nanos();
                timers[index] = vertx.setTimer(check.intervalMillis(), id -> lapse(index));
            }
            evaluate();
        }

        /** A TTL check's time ran out without a report: critical, as in Consul. */
        void lapse(int index) {
            synchronized (results) {
                if (stopped) {
                    return;
                }
                noteChange(index, Health.CRITICAL, "TTL expired");
                results[index] = Health.CRITICAL;
                outputs[index] = "TTL expired";
                at[index] = ticker.nanos();
            }
            evaluate();
        }

        List<CheckResult> snapshot() {
            synchronized (results) {
                List<CheckResult> out = new java.util.ArrayList<>(results.length);
                for (int i = 0; i < results.length; i++) {
                    out.add(new CheckResult(results[i], outputs[i] == null ? "" : outputs[i], at[i]));
                }
                return out;
            }
        }

        void stop() {
            synchronized (results) {
                stopped = true;
                for (long t : timers) {
                    vertx.cancelTimer(t);
                }
            }
        }

        void probe(int index, Check check) {
            Future<CheckResult> result = prober.probe(check);
            result.onComplete(ar -> {
                if (stopped) {
                    return;
                }
                CheckResult r = ar.succeeded() ? ar.result() : prober.failed(check, ar.cause());
                synchronized (results) {
                    noteChange(index, r.status(), r.output());
                    results[index] = r.status();
                    outputs[index] = r.output();
                    at[index] = r.atNanos();
                }
                evaluate();
            });
        }

        /** Called holding {@code results}, before a result is stored: counts a real change. */
        private void noteChange(int index, Health status, String output) {
            if (results[index] != status || !java.util.Objects.equals(outputs[index], output)) {
                resultChanges.incrementAndGet();
            }
        }

        private void evaluate() {
            Health worst = Health.PASSING;
            synchronized (results) {
                for (Health h : results) {
                    if (h == null) {
                        return; // not every check has spoken yet
                    }
                    worst = worst.worst(h);
                }
            }
            Health target = worst;
            synchronized (this) {
                if (stopped || target == instance.health() || target == proposed) {
                    return;
                }
                proposed = target;
            }
            proposals.incrementAndGet();
            // Once per transition, not per probe: a probe that agrees with the catalog returns above.
            LOG.info("event=health-change namespace={} service={} id={} from={} to={}", name.service().namespace(),
                    name.service().service(), name.id(), instance.health().wireName(), target.wireName());
            router.submit(new SetHealth(name.service(), name.id(), target)).whenComplete((r, e) -> {
                synchronized (this) {
                    proposed = null; // applied (the listener updated instance) or failed: the next probe tries again
                }
                if (e != null) {
                    LOG.warn("event=health-write-failed service={} id={} error={}", name.service(), name.id(),
                            e.getMessage());
                }
            });
        }
    }
}
