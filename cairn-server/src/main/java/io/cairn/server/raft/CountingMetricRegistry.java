package io.cairn.server.raft;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;

/** One Ratis metric registry of {@link CountingMetricRegistries}: counters count, timers do not time. */
final class CountingMetricRegistry implements RatisMetricRegistry {

    private static final Timekeeper.Context STOPPED = () -> 0L;
    private static final Timekeeper NO_TIMER = () -> STOPPED;

    private final MetricRegistryInfo info;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Supplier<?>> gauges = new ConcurrentHashMap<>();

    CountingMetricRegistry(MetricRegistryInfo info) {
        this.info = info;
    }

    /** A counter on a {@link LongAdder}: no contention between the threads that bump it. */
    private static final class Counter implements LongCounter {
        private final LongAdder value = new LongAdder();

        @Override
        public void inc(long n) {
            value.add(n);
        }

        @Override
        public void dec(long n) {
            value.add(-n);
        }

        @Override
        public long getCount() {
            return value.sum();
        }
    }

    @Override
    public Timekeeper timer(String name) {
        return NO_TIMER;
    }

    @Override
    public LongCounter counter(String name) {
        return counters.computeIfAbsent(name, n -> new Counter());
    }

    @Override
    public boolean remove(String name) {
        return counters.remove(name) != null | gauges.remove(name) != null;
    }

    @Override
    public <T> void gauge(String name, Supplier<Supplier<T>> gaugeSupplier) {
        gauges.put(name, gaugeSupplier.get());
    }

    @Override
    public MetricRegistryInfo getMetricRegistryInfo() {
        return info;
    }
}
