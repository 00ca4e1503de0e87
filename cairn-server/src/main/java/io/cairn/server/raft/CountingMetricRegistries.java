package io.cairn.server.raft;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.util.TimeDuration;

/**
 * Cairn's implementation of Ratis's metrics SPI (found by Ratis through
 * {@code META-INF/services/org.apache.ratis.metrics.MetricRegistries}), in place of
 * {@code ratis-metrics-default}.
 *
 * <p>Why: Ratis needs some implementation or its first request fails, and the default one
 * (Dropwizard) updates exponentially decaying histograms on every log write; measured with JFR at
 * about 20% of a write-heavy node's CPU and megabytes of samples. Here counters are cheap
 * {@link java.util.concurrent.atomic.LongAdder}s, gauges are kept, and timers measure nothing.
 * Cairn's own metrics are where operators look; Ratis's counters stay readable for them.
 *
 * <p>Thread safe; Ratis creates and removes registries from its own threads.
 */
public final class CountingMetricRegistries extends MetricRegistries {

    private final ConcurrentHashMap<MetricRegistryInfo, CountingMetricRegistry> registries = new ConcurrentHashMap<>();

    @Override
    public void clear() {
        registries.clear();
    }

    @Override
    public RatisMetricRegistry create(MetricRegistryInfo info) {
        return registries.computeIfAbsent(info, CountingMetricRegistry::new);
    }

    @Override
    public boolean remove(MetricRegistryInfo info) {
        return registries.remove(info) != null;
    }

    @Override
    public Optional<RatisMetricRegistry> get(MetricRegistryInfo info) {
        return Optional.ofNullable(registries.get(info));
    }

    @Override
    public Set<MetricRegistryInfo> getMetricRegistryInfos() {
        return Set.copyOf(registries.keySet());
    }

    @Override
    public Collection<RatisMetricRegistry> getMetricRegistries() {
        return List.copyOf(registries.values());
    }

    @Override
    public void addReporterRegistration(Consumer<RatisMetricRegistry> onAdd, Consumer<RatisMetricRegistry> onRemove) {
        // No reporters: nothing exports Ratis's registries directly.
    }

    @Override
    public void enableJmxReporter() {
        // Not supported: Ratis metrics are not exported over JMX.
    }

    @Override
    public void enableConsoleReporter(TimeDuration interval) {
        // Not supported: operators read metrics over HTTP, not on the console.
    }
}
