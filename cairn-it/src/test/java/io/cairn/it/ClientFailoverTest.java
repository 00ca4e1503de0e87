package io.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cairn.api.InstanceRequest;
import io.cairn.api.InstanceView;
import io.cairn.client.Cairn;
import io.cairn.client.balance.Failover;
import io.cairn.client.balance.FailoverPolicy;
import io.cairn.client.balance.LoadBalancer;
import io.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls through the library's balancers and Failover to three real HTTP services registered in a
 * real node, one of which is down: every call succeeds.
 */
class ClientFailoverTest {

    static {
        // The JDK's HttpServer writes headers and body in two packets; without TCP_NODELAY each
        // answer waits for a delayed ACK (about 40 ms). Read once, when the first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @TempDir
    Path dir;

    private final List<HttpServer> services = new ArrayList<>();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();

    @AfterEach
    void stop() {
        services.forEach(s -> s.stop(0));
    }

    private HttpServer service(String name) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        s.createContext("/", exchange -> {
            served.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        s.start();
        services.add(s);
        return s;
    }

    private String get(InstanceView instance) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://" + instance.address() + ":" + instance.port() + "/hello"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("status " + r.statusCode());
        }
        return r.body();
    }

    @Test
    void callsSucceedWhenOneOfThreeInstancesIsDown() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("node"), Duration.ofSeconds(60), "--partitions", "2");
                Cairn cairn = Cairn.builder().addresses(server.address()).build()) {
            List<HttpServer> three = List.of(service("s0"), service("s1"), service("s2"));
            for (int i = 0; i < 3; i++) {
                // Registered through the library, as the services themselves would.
                cairn.register("greeter", "s" + i, new InstanceRequest("127.0.0.1", three.get(i).getAddress().getPort(),
                        List.of(), Map.of(), 100));
            }
            assertThat(cairn.healthy("greeter")).hasSize(3);
            three.get(1).stop(0); // s1 dies; the registry does not know yet (its lease is still good)

            List<LoadBalancer> balancers = List.of(LoadBalancer.roundRobin(), LoadBalancer.weightedRandom(),
                    LoadBalancer.powerOfTwoChoices(), LoadBalancer.consistentHash());
            for (LoadBalancer balancer : balancers) {
                served.clear();
                Failover greeter = cairn.failover("greeter", balancer, FailoverPolicy.defaults());
                Map<String, Integer> answers = new HashMap<>();
                for (int call = 0; call < 300; call++) {
                    String key = "user-" + (call % 50);
                    answers.merge(greeter.call(key, this::get), 1, Integer::sum);
                }
                assertThat(answers.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(300);
                assertThat(answers).doesNotContainKey("s1");
                assertThat(greeter.isDown(cairn.healthy("greeter").stream()
                        .filter(i -> i.id().equals("s1")).findFirst().orElseThrow())).isTrue();
                if (balancer != balancers.get(3)) { // 50 keys by hash: both live ones too, but not by rule
                    assertThat(answers.keySet()).as(balancer.getClass().getSimpleName())
                            .containsExactlyInAnyOrder("s0", "s2");
                }
            }
        }
    }

    @Test
    void consistentHashingSendsEachKeyToOneInstance() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("node"), Duration.ofSeconds(60), "--partitions", "1");
                Cairn cairn = Cairn.builder().addresses(server.address()).build()) {
            for (int i = 0; i < 3; i++) {
                cairn.register("sticky", "s" + i, new InstanceRequest("127.0.0.1", service("s" + i).getAddress().getPort(),
                        List.of(), Map.of(), 100));
            }
            Failover sticky = cairn.failover("sticky", LoadBalancer.consistentHash(), FailoverPolicy.defaults());
            Map<String, String> home = new HashMap<>();
            for (int round = 0; round < 3; round++) {
                for (int k = 0; k < 30; k++) {
                    String key = "cart-" + k;
                    String answer = sticky.call(key, this::get);
                    assertThat(home.putIfAbsent(key, answer)).isIn(null, answer);
                }
            }
            assertThat(home.values()).contains("s0", "s1", "s2");
        }
    }
}
