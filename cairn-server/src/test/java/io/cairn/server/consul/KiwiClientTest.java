package io.cairn.server.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kiwiproject.consul.AgentClient;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.HealthClient;
import org.kiwiproject.consul.NotRegisteredException;
import org.kiwiproject.consul.cache.ServiceHealthCache;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.agent.Registration;
import org.kiwiproject.consul.model.catalog.CatalogService;
import org.kiwiproject.consul.model.health.ServiceHealth;

/**
 * The Consul-compatible API through kiwiproject's consul-client (which pings {@code /v1/agent/self}
 * when built, and whose {@link ServiceHealthCache} runs blocking queries), against one real node.
 */
class KiwiClientTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static TestServer server;
    private static Consul consul;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 4).start();
        consul = Consul.builder().withUrl("http://127.0.0.1:" + server.server().httpPort()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        consul.destroy();
        server.close();
    }

    private static Registration registration(String id, String address) {
        return ImmutableRegistration.builder().id(id).name("kiwi").address(address).port(8080)
                .check(Registration.RegCheck.ttl(30)).addTags("green").putMeta("team", "birds").build();
    }

    @Test
    void registerPassDiscoverAndDeregister() throws Exception {
        AgentClient agent = consul.agentClient();
        HealthClient health = consul.healthClient();
        agent.register(registration("kiwi-1", "10.3.0.1"));
        assertThat(health.getHealthyServiceInstances("kiwi").getResponse()).isEmpty();

        agent.pass("kiwi-1");
        await().atMost(DEADLINE).until(() -> health.getHealthyServiceInstances("kiwi").getResponse().size() == 1);
        ServiceHealth entry = health.getHealthyServiceInstances("kiwi").getResponse().get(0);
        assertThat(entry.getService().getId()).isEqualTo("kiwi-1");
        assertThat(entry.getService().getTags()).containsExactly("green");
        assertThat(entry.getService().getMeta()).containsEntry("team", "birds");
        assertThat(entry.getNode().getAddress()).isEqualTo("10.3.0.1");

        assertThat(consul.catalogClient().getService("kiwi").getResponse())
                .extracting(CatalogService::getServiceId).containsExactly("kiwi-1");
        assertThat(agent.getServices()).containsKey("kiwi-1");
        assertThat(consul.statusClient().getLeader()).isNotEmpty();

        agent.deregister("kiwi-1");
        assertThat(consul.catalogClient().getService("kiwi").getResponse()).isEmpty();
        assertThatThrownBy(() -> agent.pass("kiwi-1")).isInstanceOf(NotRegisteredException.class);
    }

    @Test
    void aHealthCacheFollowsChangesThroughBlockingQueries() throws Exception {
        AgentClient agent = consul.agentClient();
        Registration first = ImmutableRegistration.copyOf(registration("cache-1", "10.3.1.1")).withName("cached");
        agent.register(first);
        agent.pass("cache-1");
        // Passing instances only, blocking queries of 5 s (under the client's 10 s read timeout).
        ServiceHealthCache cache = ServiceHealthCache.newCache(consul.healthClient(), "cached", true, 5,
                org.kiwiproject.consul.option.Options.BLANK_QUERY_OPTIONS);
        try {
            cache.start();
            assertThat(cache.awaitInitialized(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(DEADLINE).until(() -> cache.getMap().size() == 1);

            agent.register(ImmutableRegistration.copyOf(registration("cache-2", "10.3.1.2")).withName("cached"));
            agent.pass("cache-2");
            await().atMost(DEADLINE).until(() -> cache.getMap().size() == 2);

            agent.fail("cache-1");
            await().atMost(DEADLINE).until(() -> cache.getMap().size() == 1);
        } finally {
            cache.stop();
        }
    }
}
