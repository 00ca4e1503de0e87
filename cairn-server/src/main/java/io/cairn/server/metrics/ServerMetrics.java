package io.cairn.server.metrics;

import io.cairn.api.ExpiryProtection;
import io.cairn.core.catalog.PartitionCatalog;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.Health;
import io.cairn.core.model.Instance;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.partition.PartitionRouter;
import io.cairn.server.watch.WatchHub;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's meters (documented in docs/operations.md, "Metrics"). {@link #scrape()} renders
 * them in the Prometheus text format.
 *
 * <p>Catalog gauges walk every local partition when scraped: O(instances), a few milliseconds
 * for 100,000 instances, once per scrape interval.
 */
public final class ServerMetrics implements AutoCloseable {

    /** The content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final PartitionRouter router;
    private final HealthMonitor health;
    private final MultiGauge protectedNamespaces;
    private final MultiGauge byHealth;
    private final Throughput throughput;
    private JvmGcMetrics gc;
    private java.util.function.LongSupplier leaderChanges;
    private java.util.function.LongSupplier commitNotices;
    private java.util.function.LongSupplier dnsQueries;
    private java.util.function.LongSupplier dnsFailures;

    private ServerMetrics(PrometheusMeterRegistry registry, PartitionRouter router, HealthMonitor health) {
        this.registry = registry;
        this.router = router;
        this.health = health;
        this.protectedNamespaces = MultiGauge.builder("cairn.expiry.protected")
                .description("1 for each namespace where expiry is paused by mass-expiry protection")
                .register(registry);
        this.byHealth = MultiGauge.builder("cairn.instances")
                .description("Instances in the partitions this node leads, by health")
                .register(registry);
        this.throughput = new Throughput(registry, latency("cairn.write.latency", "Time to answer a registration or deregistration here", registry),
                latency("cairn.lookup.latency", "Time to answer a read of a service or an instance here", registry));
    }

    /**
     * A latency histogram: Prometheus buckets from 100 µs to 10 s, so that a dashboard can show
     * any quantile over any set of nodes (histogram_quantile), which client-side percentiles cannot.
     */
    private static Timer latency(String name, String description, PrometheusMeterRegistry registry) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** Where the API counts and times the writes and lookups it serves. */
    public Throughput throughput() {
        return throughput;
    }

    /** The value of a counter or gauge by its meter name (e.g. {@code cairn.heartbeats}), or NaN when absent. */
    public double value(String name) {
        Meter meter = registry.find(name).meter();
        if (meter == null) {
            return Double.NaN;
        }
        for (Measurement m : meter.measure()) {
            return m.getValue();
        }
        return Double.NaN;
    }

    /** Creates the registry and binds every meter. */
    public static ServerMetrics create(PartitionRouter router, WatchHub watches, HealthMonitor health) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServerMetrics m = new ServerMetrics(registry, router, health);
        m.bind(watches);
        return m;
    }

    /**
     * Binds the cluster's meters: requests forwarded to other nodes, leader changes, commit
     * notices, follower lag.
     */
    public void bindCluster(io.cairn.server.cluster.Forwarder forwarder, java.util.function.LongSupplier leaderChanges,
            java.util.function.LongSupplier commitNotices) {
        // Micrometer holds a function meter's object weakly: keep the suppliers reachable from here.
        this.leaderChanges = leaderChanges;
        this.commitNotices = commitNotices;
        FunctionCounter.builder("cairn.raft.commit.notices", this, m -> m.commitNotices.getAsLong())
                .description("Heartbeats the partitions led here sent to tell an idle follower of a commit")
                .register(registry);
        FunctionCounter.builder("cairn.raft.leader.changes", this, m -> m.leaderChanges.getAsLong())
                .description("Leader changes heard by this node's partition replicas").register(registry);
        Gauge.builder("cairn.raft.follower.lag.entries", router, PartitionRouter::followerLag)
                .description("Log entries the slowest follower lacks, summed over the partitions led here")
                .register(registry);
        FunctionCounter.builder("cairn.forwarded.requests", forwarder, io.cairn.server.cluster.Forwarder::forwardedCount)
                .description("Requests this node forwarded to the partition leader on another node").register(registry);
        FunctionCounter.builder("cairn.held.requests", forwarder, io.cairn.server.cluster.Forwarder::heldCount)
                .description("Pauses of 50 ms that requests spent waiting for their partition to have a leader")
                .register(registry);
        io.cairn.server.cluster.FollowerReads followerReads = forwarder.followerReads();
        FunctionCounter.builder("cairn.follower.reads", followerReads, io.cairn.server.cluster.FollowerReads::served)
                .description("Default reads this node's follower replicas answered after their leader's applied index")
                .register(registry);
        FunctionCounter.builder("cairn.follower.read.questions", followerReads,
                io.cairn.server.cluster.FollowerReads::questions)
                .description("Questions this node asked partition leaders for their applied index").register(registry);
    }

    /**
     * Binds the DNS interface's meters.
     *
     * @param queries queries received (UDP and TCP)
     * @param failures queries answered SERVFAIL (the instances could not be had)
     */
    public void bindDns(java.util.function.LongSupplier queries, java.util.function.LongSupplier failures) {
        this.dnsQueries = queries;
        this.dnsFailures = failures;
        FunctionCounter.builder("cairn.dns.queries", this, m -> m.dnsQueries.getAsLong())
                .description("DNS queries received, UDP and TCP").register(registry);
        FunctionCounter.builder("cairn.dns.failures", this, m -> m.dnsFailures.getAsLong())
                .description("DNS queries answered SERVFAIL: the name's instances could not be had").register(registry);
    }

    private void bind(WatchHub watches) {
        Gauge.builder("cairn.partitions.led", router, ServerMetrics::partitionsLed)
                .description("Partitions whose leader is this node, ready to serve").register(registry);
        Gauge.builder("cairn.partitions", router, PartitionRouter::partitions)
                .description("The partition count of the cluster").register(registry);
        Gauge.builder("cairn.services", router, ServerMetrics::services)
                .description("Services with at least one instance, in the partitions this node leads").register(registry);
        Gauge.builder("cairn.watchers", watches, WatchHub::watcherCount)
                .description("Open watches (blocking reads and stream subscriptions)").register(registry);
        FunctionCounter.builder("cairn.watch.events.sent", watches, WatchHub::eventsSent)
                .description("Watch events written to streams").register(registry);
        FunctionCounter.builder("cairn.watch.overflows", watches, WatchHub::overflows)
                .description("Streams cut because their reader fell too far behind").register(registry);
        FunctionCounter.builder("cairn.registrations", throughput, Throughput::registrations)
                .description("Registrations (PUT and POST) answered by this node").register(registry);
        FunctionCounter.builder("cairn.deregistrations", throughput, Throughput::deregistrations)
                .description("Deregistrations answered by this node").register(registry);
        FunctionCounter.builder("cairn.lookups", throughput, Throughput::lookups)
                .description("Reads of a service or an instance answered at once by this node").register(registry);
        FunctionCounter.builder("cairn.heartbeats", health, HealthMonitor::renewalCount)
                .description("Leases renewed by heartbeats").register(registry);
        FunctionCounter.builder("cairn.instances.expired", health, HealthMonitor::expiredCount)
                .description("Ephemeral instances removed because their TTL ran out").register(registry);
        FunctionCounter.builder("cairn.health.changes", health, HealthMonitor::healthProposals)
                .description("Health changes written by checks").register(registry);
        Gauge.builder("cairn.instances.ephemeral", health, HealthMonitor::leaseCount)
                .description("Ephemeral instances with a lease in the partitions this node leads").register(registry);
        Gauge.builder("cairn.expiry.protected.namespaces", health, h -> h.protectedNamespaces().size())
                .description("Namespaces where expiry is paused by mass-expiry protection").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmCompilationMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Every meter in the Prometheus text format. */
    public String scrape() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (ExpiryProtection p : health.protectedNamespaces()) {
            rows.add(MultiGauge.Row.of(Tags.of("namespace", p.namespace()), 1));
        }
        protectedNamespaces.register(rows, true);
        int[] counts = new int[Health.values().length];
        for (PartitionCatalog c : ledCatalogs()) {
            for (ServiceState s : c.services()) {
                for (Instance i : s.instances()) {
                    counts[i.health().ordinal()]++;
                }
            }
        }
        List<MultiGauge.Row<?>> healthRows = new ArrayList<>();
        for (Health h : Health.values()) {
            healthRows.add(MultiGauge.Row.of(Tags.of("health", h.wireName()), counts[h.ordinal()]));
        }
        byHealth.register(healthRows, true);
        return registry.scrape();
    }

    private List<PartitionCatalog> ledCatalogs() {
        List<PartitionCatalog> out = new ArrayList<>();
        for (int p = 0; p < router.partitions(); p++) {
            PartitionCatalog c = router.catalogIfLeader(p);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private static double partitionsLed(PartitionRouter router) {
        int n = 0;
        for (int p = 0; p < router.partitions(); p++) {
            if (router.leaderTerm(p) >= 0) {
                n++;
            }
        }
        return n;
    }

    private static double services(PartitionRouter router) {
        int n = 0;
        for (int p = 0; p < router.partitions(); p++) {
            PartitionCatalog c = router.catalogIfLeader(p);
            if (c != null) {
                for (ServiceState s : c.services()) {
                    if (!s.isEmpty()) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
