package io.cairn.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.junit.jupiter.api.Test;

class CountingMetricRegistriesTest {

    @Test
    void ratisFindsCairnsMetricsThroughTheServiceLoader() {
        assertThat(MetricRegistries.global()).isInstanceOf(CountingMetricRegistries.class);
    }

    @Test
    void countersCountAndTimersAreFree() {
        CountingMetricRegistries registries = new CountingMetricRegistries();
        MetricRegistryInfo info = new MetricRegistryInfo("p", "ratis", "server", "test");
        RatisMetricRegistry registry = registries.create(info);
        assertThat(registries.create(info)).isSameAs(registry);
        registry.counter("appends").inc();
        registry.counter("appends").inc(4);
        registry.counter("appends").dec();
        assertThat(registry.counter("appends").getCount()).isEqualTo(4);
        assertThat(registry.timer("flush").time().stop()).isZero();
        registry.gauge("size", () -> () -> 3);
        assertThat(registry.remove("size")).isTrue();
        assertThat(registries.get(info)).contains(registry);
        assertThat(registries.remove(info)).isTrue();
        assertThat(registries.getMetricRegistries()).isEmpty();
    }
}
