package io.cairn.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.testkit.NodeCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * Two Spring Cloud Consul applications against a 3-node Cairn cluster: "greeting" registers
 * through node 0 and keeps its TTL check passing with heartbeats; "caller" registers through node
 * 1 and finds "greeting" through node 2, by {@link DiscoveryClient} and by a call through a
 * load-balanced {@link RestClient}; when "greeting" stops it deregisters and is no longer found.
 */
class SpringCloudConsulTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static ConfigurableApplicationContext app(String name, NodeCluster.Node registry) {
        String[] hostPort = registry.hostPort().split(":");
        return new SpringApplicationBuilder(GreetingApp.class).properties(
                "spring.application.name=" + name,
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.cloud.consul.host=" + hostPort[0],
                "spring.cloud.consul.port=" + hostPort[1],
                "spring.cloud.consul.discovery.instance-id=" + name + "-1",
                "spring.cloud.consul.discovery.prefer-ip-address=true",
                "spring.cloud.consul.discovery.ip-address=127.0.0.1",
                "spring.cloud.consul.discovery.heartbeat.enabled=true",
                "spring.cloud.consul.discovery.heartbeat.ttl=10s",
                "spring.cloud.consul.discovery.query-passing=true",
                "spring.main.banner-mode=off").run();
    }

    @Test
    void applicationsRegisterHeartbeatAndFindEachOtherThroughDifferentNodes() throws Exception {
        try (NodeCluster cluster = NodeCluster.start(dir, 3, "--partitions", "4")) {
            try (ConfigurableApplicationContext greeting = app("greeting", cluster.node(0));
                    ConfigurableApplicationContext caller = app("caller", cluster.node(2))) {
                DiscoveryClient discovery = caller.getBean(DiscoveryClient.class);
                // Passing only: found once its first TTL heartbeat reached the registry.
                await().atMost(DEADLINE).until(() -> discovery.getInstances("greeting").size() == 1);
                ServiceInstance found = discovery.getInstances("greeting").get(0);
                assertThat(found.getHost()).isEqualTo("127.0.0.1");
                assertThat(found.getPort()).isEqualTo(
                        Integer.parseInt(greeting.getEnvironment().getProperty("local.server.port")));
                assertThat(discovery.getServices()).contains("greeting", "caller");

                RestClient client = caller.getBean(RestClient.Builder.class).build();
                assertThat(client.get().uri("http://greeting/hello").retrieve().body(String.class))
                        .isEqualTo("hello from greeting");

                greeting.close();
                await().atMost(DEADLINE).until(() -> discovery.getInstances("greeting").isEmpty());
                List<ServiceInstance> callers = discovery.getInstances("caller");
                assertThat(callers).hasSize(1);
            }
        }
    }
}
