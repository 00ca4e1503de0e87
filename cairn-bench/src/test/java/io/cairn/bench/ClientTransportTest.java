package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.core.model.ServiceKey;
import io.cairn.server.CairnServer;
import io.cairn.server.config.ServerConfig;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every HTTP client of the generator against a real in-process node: same counts, same errors. */
class ClientTransportTest {

    @TempDir
    static Path dataDir;

    private static CairnServer server;

    @BeforeAll
    static void startNode() throws Exception {
        server = new CairnServer(ServerConfig.defaults().withDataDir(dataDir).withPorts(0, 0).withPartitions(2))
                .start(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static ClosedLoop loop(ClientKind kind) {
        return new ClosedLoop(List.of(InetSocketAddress.createUnresolved("127.0.0.1", server.httpPort())),
                kind.transport(2)).start();
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void everyRegistrationIsAcknowledgedAndLandsInTheCatalog(ClientKind kind) throws Exception {
        RegisterWorkload workload = RegisterWorkload.once("transport-" + kind.label() + "-", 4, 6);

        StepResult result;
        try (ClosedLoop loop = loop(kind)) {
            result = loop.run("register", workload, 8, Duration.ZERO, Duration.ofSeconds(60), 1_000);
        }

        assertThat(result.operations()).isEqualTo(24);
        assertThat(result.errors()).isZero();
        assertThat(result.latencyNanos().getTotalCount()).isEqualTo(24);
        int registered = 0;
        for (int s = 0; s < 4; s++) {
            registered += server.router().read(new ServiceKey("default", workload.serviceName(s))).size();
        }
        assertThat(registered).isEqualTo(24);
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void errorAnswersAreCountedWithTheirStatus(ClientKind kind) throws Exception {
        Workload absent = seq -> seq < 5
                ? new BenchRequest(HttpMethod.GET, "/v1/services/absent/instances/nobody", null) : null;

        StepResult result;
        try (ClosedLoop loop = loop(kind)) {
            result = loop.run("absent", absent, 1, Duration.ZERO, Duration.ofSeconds(60), 100);
        }

        assertThat(result.errors()).isEqualTo(5);
        assertThat(result.operations()).isZero();
        assertThat(result.firstError()).isEqualTo("HTTP 404 for GET /v1/services/absent/instances/nobody");
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void theRequestBoundEndsTheStep(ClientKind kind) throws Exception {
        StepResult result;
        try (ClosedLoop loop = loop(kind)) {
            result = loop.run("lookup", new LookupWorkload("absent-service", Long.MAX_VALUE), 3,
                    Duration.ZERO, Duration.ofSeconds(60), 200);
        }

        assertThat(result.operations()).isEqualTo(200);
        assertThat(result.seconds()).isLessThan(60);
    }

    @Test
    void theConsulHealthReadIsAnsweredLikeTheNativeLookup() throws Exception {
        RegisterWorkload three = RegisterWorkload.once("consul-read-", 1, 3);
        try (ClosedLoop loop = loop(ClientKind.VERTX)) {
            assertThat(loop.run("register", three, 1, Duration.ZERO, Duration.ofSeconds(60), 3).operations()).isEqualTo(3);
            StepResult native_ = loop.run("lookup", new LookupWorkload(three.serviceName(0), 50), 2, Duration.ZERO,
                    Duration.ofSeconds(60), 50);
            StepResult consul = loop.run("consul-health", LookupWorkload.consulHealth(three.serviceName(0), 50), 2,
                    Duration.ZERO, Duration.ofSeconds(60), 50);
            assertThat(native_.operations()).isEqualTo(50);
            assertThat(consul.operations()).isEqualTo(50);
            assertThat(consul.errors()).as(consul.firstError()).isZero();
        }
        assertThat(Scenario.of("consul-health")).isEqualTo(Scenario.CONSUL_HEALTH);
    }

    @Test
    void theHttp2ClientReallyTalksHttp2AndTheHttp1ClientHttp1() throws Exception {
        for (ClientKind kind : List.of(ClientKind.JDK_HTTP1, ClientKind.JDK_HTTP2)) {
            JdkTransport transport = (JdkTransport) kind.transport(2);
            try (ClosedLoop loop = new ClosedLoop(List.of(InetSocketAddress.createUnresolved("127.0.0.1",
                    server.httpPort())), transport).start()) {
                StepResult result = loop.run("lookup", new LookupWorkload("absent-service", Long.MAX_VALUE), 2,
                        Duration.ZERO, Duration.ofSeconds(60), 20);
                assertThat(result.operations()).isEqualTo(20);
            }
            assertThat(transport.answeredWith()).isEqualTo(kind == ClientKind.JDK_HTTP2
                    ? java.net.http.HttpClient.Version.HTTP_2 : java.net.http.HttpClient.Version.HTTP_1_1);
        }
    }

    @Test
    void theBlockingClientAnswersOnTheCallersThreadBeforeSendReturns() throws Exception {
        JdkTransport transport = (JdkTransport) ClientKind.JDK_HTTP1_BLOCKING.transport(2);
        assertThat(transport.blocking()).isTrue();
        assertThat(ClientKind.JDK_HTTP1.transport(2).blocking()).isFalse();
        transport.start();
        try {
            ClientTransport.Channel channel = transport.open(InetSocketAddress.createUnresolved("127.0.0.1",
                    server.httpPort()), Duration.ofSeconds(10)).get();
            AtomicReference<Thread> answeredOn = new AtomicReference<>();
            AtomicInteger status = new AtomicInteger();

            channel.send(new BenchRequest(HttpMethod.GET, "/v1/services/absent/instances/nobody", null), 10_000,
                    (code, failure) -> {
                        answeredOn.set(Thread.currentThread());
                        status.set(code);
                    });

            assertThat(answeredOn.get()).isSameAs(Thread.currentThread());
            assertThat(status.get()).isEqualTo(404);
            assertThat(transport.answeredWith()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
        } finally {
            transport.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void aClientWhoseConnectionFailsStopsWithTheError(ClientKind kind) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        StepResult result;
        try (ClosedLoop loop = new ClosedLoop(List.of(InetSocketAddress.createUnresolved("127.0.0.1", closedPort)),
                kind.transport(2)).start()) {
            result = loop.run("lookup", new LookupWorkload("absent-service", Long.MAX_VALUE), 2,
                    Duration.ZERO, Duration.ofSeconds(60), 1_000);
        } catch (IOException e) {
            // Vert.x connects when the channel opens, and reports the refusal there.
            assertThat(kind).isEqualTo(ClientKind.VERTX);
            assertThat(e).hasMessageContaining("could not connect");
            return;
        }

        assertThat(kind).isNotEqualTo(ClientKind.VERTX);
        assertThat(result.operations()).isZero();
        assertThat(result.errors()).isEqualTo(2);
        assertThat(result.firstError()).contains("ConnectException");
        assertThat(result.seconds()).isLessThan(60);
    }

    @Test
    void labelsParseBackAndUnknownOnesAreNamed() {
        for (ClientKind kind : ClientKind.values()) {
            assertThat(ClientKind.of(kind.label().toUpperCase())).isEqualTo(kind);
        }
        assertThatThrownBy(() -> ClientKind.of("curl")).hasMessageContaining("unknown HTTP client 'curl'")
                .hasMessageContaining("jdk-http1");
    }
}
