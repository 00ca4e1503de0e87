package io.cairn.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.api.InstanceRequest;
import io.cairn.api.WatchEvent;
import io.cairn.api.tls.PemFiles;
import io.cairn.api.tls.TlsPolicy;
import io.cairn.client.CairnClient;
import io.cairn.client.Endpoints;
import io.cairn.client.Watch;
import io.cairn.client.WatchListener;
import io.cairn.client.WatchOptions;
import io.cairn.api.time.Ticker;
import io.cairn.testkit.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One TLS node in its own process: what a client of each kind meets on its port. The rotation
 * test runs last in this class's order (it replaces the node's files) and each test checks only
 * what holds before and after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsNodeTest {

    /** The class's directory: CA, node and client files, the node's data. */
    private Path dir;

    private Path caDir;
    private PemFiles nodeFiles;
    private PemFiles client;
    private ServerProcess node;
    private int raftPort;
    private int consulPort;

    @BeforeAll
    void start(@TempDir Path root) throws IOException {
        dir = root;
        caDir = dir.resolve("ca");
        TestPki.ca(caDir);
        nodeFiles = TestPki.cert(caDir, "node", dir.resolve("node-tls"));
        client = TestPki.cert(caDir, "client", dir.resolve("client-tls"));
        List<String> flags = TestPki.nodeFlags(nodeFiles);
        flags.addAll(List.of("--partitions", "2"));
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0);
                java.net.ServerSocket probe2 = new java.net.ServerSocket(0)) {
            raftPort = probe.getLocalPort();
            consulPort = probe2.getLocalPort();
        }
        flags.addAll(List.of("--consul-port", Integer.toString(consulPort)));
        node = ServerProcess.start(dir.resolve("data"), 0, raftPort, Duration.ofSeconds(60),
                flags.toArray(String[]::new));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    private HttpResponse<String> get(SSLContext tls, HttpClient.Version version, String path)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().sslContext(tls).version(version)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create(node.address() + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHttp2ByAlpnAndHttp11OverTls() throws Exception {
        assertThat(node.address()).startsWith("https://");
        SSLContext tls = TestPki.context(caDir.resolve("ca.pem"), null);
        HttpResponse<String> h2 = get(tls, HttpClient.Version.HTTP_2, "/v1/status");
        assertThat(h2.statusCode()).isEqualTo(200);
        assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        HttpResponse<String> h1 = get(tls, HttpClient.Version.HTTP_1_1, "/v1/status");
        assertThat(h1.statusCode()).isEqualTo(200);
        assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void theEndpointsOnlyNodesCallNeedACertificateOfTheCa() throws Exception {
        Path ca = caDir.resolve("ca.pem");
        assertThat(get(TestPki.context(ca, null), HttpClient.Version.HTTP_1_1, "/v1/cluster/local").statusCode())
                .isEqualTo(403);
        assertThat(get(TestPki.context(ca, client), HttpClient.Version.HTTP_1_1, "/v1/cluster/local").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefusedByItsOwnCheck() throws Exception {
        Path otherCa = TestPki.ca(dir.resolve("stranger-ca"));
        assertThatThrownBy(() -> get(TestPki.context(otherCa, null), HttpClient.Version.HTTP_1_1, "/v1/status"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    /** The Consul-compatible port serves TLS with the same certificate, and refuses plain HTTP. */
    @Test
    void theConsulPortServesTlsToo() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(TestPki.context(caDir.resolve("ca.pem"), null))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + consulPort
                + "/v1/catalog/services")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", consulPort), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /v1/catalog/services HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .doesNotStartWith("HTTP/1.1 200");
        }
    }

    /**
     * The Raft port speaks TLS and requires a certificate of the CA: a client presenting one
     * completes the handshake (and is offered HTTP/2, gRPC's protocol); a client presenting
     * none is cut off before it can send a byte of gRPC.
     */
    @Test
    void raftRequiresACertificateOfTheCa() throws Exception {
        Path ca = caDir.resolve("ca.pem");
        try (javax.net.ssl.SSLSocket s = raftSocket(TestPki.context(ca, client))) {
            s.startHandshake();
            assertThat(s.getSession().getPeerCertificates()).isNotEmpty();
            assertThat(s.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            assertThat(s.getApplicationProtocol()).isEqualTo("h2");
        }
        try (javax.net.ssl.SSLSocket s = raftSocket(TestPki.context(ca, null))) {
            assertThatThrownBy(() -> {
                s.startHandshake(); // under TLS 1.3 the server's refusal arrives with the first read
                s.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                if (s.getInputStream().read() == -1) {
                    throw new IOException("closed");
                }
            }).isInstanceOf(IOException.class);
        }
    }

    private javax.net.ssl.SSLSocket raftSocket(SSLContext tls) throws IOException {
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", raftPort);
        s.setSoTimeout(10_000);
        javax.net.ssl.SSLParameters p = s.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2"});
        s.setSSLParameters(p);
        return s;
    }

    /** Plain HTTP to the TLS port: the connection is closed at once (no hang), and the node goes on serving. */
    @Test
    void plaintextToTheTlsPortIsClosedAndTheNodeKeepsServing() throws Exception {
        URI uri = URI.create(node.address());
        for (int i = 0; i < 3; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
                s.setSoTimeout(10_000); // a hang fails the test by SocketTimeoutException
                s.getOutputStream().write("GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] answer = s.getInputStream().readAllBytes();
                assertThat(new String(answer, StandardCharsets.ISO_8859_1))
                        .as("closed, or at most an HTTP error; never the API's answer").doesNotContain("\"version\"")
                        .satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 4"));
            }
        }
        assertThat(get(TestPki.context(caDir.resolve("ca.pem"), null), HttpClient.Version.HTTP_1_1, "/v1/status")
                .statusCode()).isEqualTo(200);
    }

    /**
     * A TLS 1.1 ClientHello, written byte by byte (the JDK would not even send one): the node
     * answers with an alert or closes, and never with a ServerHello.
     */
    @Test
    void tls11IsRefused() throws Exception {
        URI uri = URI.create(node.address());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(clientHello(0x0302));
            out.flush();
            InputStream in = s.getInputStream();
            int contentType = in.read();
            assertThat(contentType).as("21 is an alert, -1 a close; 22 would be a handshake (ServerHello)")
                    .isIn(21, -1);
        }
        assertThat(TlsPolicy.PROTOCOLS).containsExactly("TLSv1.3", "TLSv1.2");
    }

    /** A minimal ClientHello record of the given protocol version, offering two TLS 1.1 suites. */
    private static byte[] clientHello(int version) {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(version >> 8);
        body.write(version & 0xff);
        body.writeBytes(random);
        body.write(0); // no session id
        body.writeBytes(new byte[] {0, 4, (byte) 0xc0, 0x13, 0x00, 0x2f}); // ECDHE_RSA_AES128_CBC_SHA, RSA_AES128_CBC_SHA
        body.writeBytes(new byte[] {1, 0}); // null compression
        byte[] b = body.toByteArray();
        java.io.ByteArrayOutputStream hs = new java.io.ByteArrayOutputStream();
        hs.write(1); // ClientHello
        hs.write(0);
        hs.write(b.length >> 8);
        hs.write(b.length & 0xff);
        hs.writeBytes(b);
        byte[] h = hs.toByteArray();
        java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream();
        record.write(22);
        record.write(version >> 8);
        record.write(version & 0xff);
        record.write(h.length >> 8);
        record.write(h.length & 0xff);
        record.writeBytes(h);
        return record.toByteArray();
    }

    @Test
    void theJavaClientRegistersAndWatchesOverTlsWithAClientCertificate() throws Exception {
        try (CairnClient registry = new CairnClient(new Endpoints(List.of(node.address())), Duration.ofSeconds(10),
                WatchOptions.defaults(), Ticker.SYSTEM, null, client)) {
            List<WatchEvent> events = new CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean connected = new java.util.concurrent.atomic.AtomicBoolean();
            try (Watch watch = registry.watch(null, "tls-web", -1, new WatchListener() {
                @Override
                public void onConnect() {
                    connected.set(true);
                }

                @Override
                public void onChange(WatchEvent event) {
                    events.add(event);
                }
            })) {
                await().atMost(Duration.ofSeconds(20)).untilTrue(connected);
                registry.register(null, "tls-web", "w1", new InstanceRequest("10.0.0.1", 80, List.of(), Map.of(), null));
                await().atMost(Duration.ofSeconds(20)).until(() -> !events.isEmpty());
            }
            assertThat(registry.instances(null, "tls-web", List.of(), Map.of()).instances()).hasSize(1);
        }
    }

    @Test
    void theCliTalksTlsWithCaCert() {
        String out = TestPki.cairn("status", "--address", node.address(), "--ca-cert", caDir.resolve("ca.pem").toString(),
                "--client-cert", client.cert().toString(), "--client-key", client.key().toString(),
                "--cache-dir", dir.resolve("cli-cache").toString());
        assertThat(out).isNotBlank();
    }

    /**
     * The node's files are replaced by a certificate of a new CA while it runs: a client that
     * trusts only the new CA gets in (within the node's one-second look at its files), one that
     * trusts only the old is refused, and the node never stopped serving.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aRotatedCertificateIsServedWithoutRestart() throws Exception {
        long pid = node.pid();
        Path newCaDir = dir.resolve("new-ca");
        Path newCa = TestPki.ca(newCaDir);
        TestPki.cert(newCaDir, "node", nodeFiles.cert().getParent());
        SSLContext onlyNew = TestPki.context(newCa, null);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get(onlyNew, HttpClient.Version.HTTP_1_1, "/v1/status").statusCode() == 200);
        assertThatThrownBy(() -> get(TestPki.context(caDir.resolve("ca.pem"), null), HttpClient.Version.HTTP_1_1,
                "/v1/status")).isInstanceOf(SSLHandshakeException.class);
        assertThat(node.pid()).isEqualTo(pid);
        assertThat(node.isAlive()).isTrue();
        assertThat(Files.readString(node.logFile())).contains("event=tls-reloaded");
    }
}
