package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.core.model.ServiceKey;
import io.cairn.server.CairnServer;
import io.cairn.server.config.ServerConfig;
import io.vertx.core.http.HttpMethod;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator against a real in-process node: it counts what the node acknowledged, and stops by itself. */
class ClosedLoopTest {

    @TempDir
    static Path dataDir;

    private static CairnServer server;
    private static ClosedLoop loop;

    @BeforeAll
    static void startNode() throws Exception {
        server = new CairnServer(ServerConfig.defaults().withDataDir(dataDir).withPorts(0, 0).withPartitions(2))
                .start(Duration.ofSeconds(60));
        loop = new ClosedLoop("127.0.0.1", server.httpPort(), 1).start();
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (loop != null) {
            loop.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anExhaustedWorkloadEndsTheStepAndEveryRequestIsAcknowledged() throws Exception {
        RegisterWorkload workload = RegisterWorkload.once("loop-test-", 5, 8);

        StepResult result = loop.run("register", workload, 4, Duration.ZERO, Duration.ofSeconds(60), 1_000);

        assertThat(result.operations()).isEqualTo(40);
        assertThat(result.errors()).isZero();
        assertThat(result.latencyNanos().getTotalCount()).isEqualTo(40);
        assertThat(result.seconds()).isLessThan(60);
        int registered = 0;
        for (int s = 0; s < 5; s++) {
            registered += server.router().read(new ServiceKey("default", workload.serviceName(s))).size();
        }
        assertThat(registered).isEqualTo(40);
    }

    @Test
    void theRequestBoundEndsTheStepBeforeItsTime() throws Exception {
        StepResult result = loop.run("lookup", new LookupWorkload("absent-service", Long.MAX_VALUE), 2,
                Duration.ZERO, Duration.ofSeconds(60), 300);

        assertThat(result.operations()).isEqualTo(300);
        assertThat(result.seconds()).isLessThan(60);
    }

    @Test
    void theMeasuredIntervalEndsTheStepAndWarmupAnswersAreNotCounted() throws Exception {
        LookupWorkload lookups = new LookupWorkload("absent-service", Long.MAX_VALUE);

        StepResult result = loop.run("lookup", lookups, 2, Duration.ofMillis(200), Duration.ofMillis(300), 10_000_000);

        assertThat(result.seconds()).isBetween(0.3, 5.0);
        assertThat(result.operations()).isPositive().isEqualTo(result.latencyNanos().getTotalCount());
        assertThat(result.errors()).isZero();
    }

    @Test
    void theWarmupEndsAsSoonAsItIsSettledAfterItsMinimum() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Warmup warmup = new Warmup(Duration.ofMillis(200), Duration.ofSeconds(60), () -> asked.incrementAndGet() >= 2);
        long start = System.nanoTime();

        StepResult result = loop.run("lookup", new LookupWorkload("absent-service", Long.MAX_VALUE), 2, warmup,
                Duration.ofMillis(300), 10_000_000);

        double wall = (System.nanoTime() - start) / 1e9;
        assertThat(asked.get()).isEqualTo(2);
        assertThat(wall).isBetween(1.5, 30.0); // min, one second between the two questions, the measurement
        assertThat(result.operations()).isPositive();
    }

    @Test
    void theWarmupEndsAtItsMaximumWhenNeverSettled() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Warmup warmup = new Warmup(Duration.ofMillis(100), Duration.ofMillis(1500), () -> {
            asked.incrementAndGet();
            return false;
        });
        long start = System.nanoTime();

        StepResult result = loop.run("lookup", new LookupWorkload("absent-service", Long.MAX_VALUE), 2, warmup,
                Duration.ofMillis(300), 10_000_000);

        double wall = (System.nanoTime() - start) / 1e9;
        assertThat(asked.get()).isBetween(1, 3);
        assertThat(wall).isBetween(1.8, 30.0);
        assertThat(result.operations()).isPositive();
    }

    @Test
    void jitActivityReadsTheNodesCompileTime() throws Exception {
        JitActivity jit = new JitActivity(URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"),
                Duration.ofMillis(200));
        // Quiet needs a full window of samples in which this JVM (server and "generator") hardly compiled.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(jit::quiet);

        assertThat(jit.serverExposed()).isTrue();
        assertThat(jit.describe()).matches("JIT over the last 0 s: server \\d+\\.\\d%, generator \\d+\\.\\d%");
    }

    @Test
    void jitActivityWithoutTheServersCompileTimeWatchesTheGeneratorAlone() {
        JitActivity jit = new JitActivity(URI.create("http://127.0.0.1:" + server.httpPort() + "/v1/status"),
                Duration.ofMillis(200));

        jit.quiet();

        assertThat(jit.serverExposed()).isFalse();
        assertThat(jit.describe()).endsWith("(server's not exposed)");
    }

    @Test
    void aRoutedLoopSendsEachRequestWhereTheRouterSays(@TempDir Path otherData) throws Exception {
        RegisterWorkload workload = RegisterWorkload.once("route-test-", 2, 5);
        String second = workload.serviceName(1);
        try (CairnServer other = new CairnServer(ServerConfig.defaults().withDataDir(otherData).withPorts(0, 0)
                .withPartitions(2)).start(Duration.ofSeconds(60));
                ClosedLoop routed = new ClosedLoop(List.of(InetSocketAddress.createUnresolved("127.0.0.1",
                        server.httpPort()), InetSocketAddress.createUnresolved("127.0.0.1", other.httpPort())),
                        new VertxTransport(1)).routedBy(r -> r.uri().contains("/" + second + "/") ? 1 : 0).start()) {

            StepResult result = routed.run("register", workload, 4, Duration.ZERO, Duration.ofSeconds(60), 100);

            assertThat(result.operations()).isEqualTo(10);
            ServiceKey first = new ServiceKey("default", workload.serviceName(0));
            ServiceKey secondKey = new ServiceKey("default", second);
            assertThat(server.router().read(first).size()).isEqualTo(5);
            assertThat(server.router().read(secondKey)).isNull();
            assertThat(other.router().read(secondKey).size()).isEqualTo(5);
            assertThat(other.router().read(first)).isNull();
        }
    }

    @Test
    void errorAnswersAreCountedAndDescribed() throws Exception {
        Workload absent = seq -> seq < 10
                ? new BenchRequest(HttpMethod.GET, "/v1/services/absent/instances/nobody", null) : null;

        StepResult result = loop.run("absent", absent, 1, Duration.ZERO, Duration.ofSeconds(60), 100);

        assertThat(result.errors()).isEqualTo(10);
        assertThat(result.operations()).isZero();
        assertThat(result.firstError()).isEqualTo("HTTP 404 for GET /v1/services/absent/instances/nobody");
    }
}
