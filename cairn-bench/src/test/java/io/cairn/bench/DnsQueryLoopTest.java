package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.CairnServer;
import io.cairn.server.config.DnsSettings;
import io.cairn.server.config.ServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The DNS load loop against a real in-process node: it counts answers and errors, and stops at its bound. */
class DnsQueryLoopTest {

    @TempDir
    static Path dataDir;

    private static CairnServer server;
    private static InetSocketAddress dns;

    @BeforeAll
    static void startNode() throws Exception {
        server = new CairnServer(ServerConfig.defaults().withDataDir(dataDir).withPorts(0, 0).withPartitions(2)
                .withDns(DnsSettings.off().withPort(0))).start(Duration.ofSeconds(60));
        dns = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.dnsPort());
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.httpPort() + "/v1/services/looped/instances/a")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"address\":\"10.0.0.1\",\"port\":80}")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyQueryUpToTheBoundIsAnsweredAndCounted() throws Exception {
        try (DnsQueryLoop loop = new DnsQueryLoop(dns, query("looped.service.consul."), 16)) {
            long sent = loop.run(System.nanoTime() + Duration.ofSeconds(60).toNanos(), 2_000);
            StepResult r = loop.interval("dns-a", 1);
            assertThat(sent).isEqualTo(2_000);
            assertThat(r.operations()).isEqualTo(2_000);
            assertThat(r.errors()).isZero();
            assertThat(r.latencyNanos().getTotalCount()).isEqualTo(2_000);
        }
    }

    @Test
    void anAnswerWithoutRecordsIsAnError() throws Exception {
        try (DnsQueryLoop loop = new DnsQueryLoop(dns, query("absent.service.consul."), 4)) {
            loop.run(System.nanoTime() + Duration.ofSeconds(60).toNanos(), 10);
            StepResult r = loop.interval("dns-a", 1);
            assertThat(r.operations()).isZero();
            assertThat(r.errors()).isEqualTo(10);
            assertThat(r.firstError()).contains("rcode 3");
        }
    }

    private static byte[] query(String name) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)).toWire();
    }
}
