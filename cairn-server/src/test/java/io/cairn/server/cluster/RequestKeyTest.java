package io.cairn.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.core.model.ServiceKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which service a request is about, read from real HTTP requests to a Vert.x server on an
 * ephemeral port: the key the forwarder routes by answers each request as {@code ns/service},
 * or {@code none}.
 */
class RequestKeyTest {

    static Vertx vertx;
    static HttpServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            ServiceKey key = RequestKey.of(req);
            req.response().end(key == null ? "none" : key.namespace() + "/" + key.service());
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static String keyOf(String pathAndQuery) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theNativeApisOneServiceRequestsAreAboutThatServiceInTheirNamespace() throws Exception {
        assertThat(keyOf("/v1/services/web")).isEqualTo("default/web");
        assertThat(keyOf("/v1/services/web/instances/web-1")).isEqualTo("default/web");
        assertThat(keyOf("/v1/services/web/instances/web-1/heartbeat?ns=prod")).isEqualTo("prod/web");
        assertThat(keyOf("/v1/watch/services/web?ns=prod")).isEqualTo("prod/web");
    }

    @Test
    void theConsulCompatibleOneServiceReadsAreRoutedLikeNativeOnes() throws Exception {
        assertThat(keyOf("/v1/catalog/service/web")).isEqualTo("default/web");
        assertThat(keyOf("/v1/health/service/web?passing")).isEqualTo("default/web");
        assertThat(keyOf("/v1/health/checks/web?ns=prod")).isEqualTo("prod/web");
    }

    @Test
    void namesArePercentDecoded() throws Exception {
        assertThat(keyOf("/v1/services/pay%2Dments/instances/a")).isEqualTo("default/pay-ments");
    }

    @Test
    void requestsAboutNoSingleServiceHaveNoKey() throws Exception {
        assertThat(keyOf("/v1/services")).isEqualTo("none");
        assertThat(keyOf("/v1/services/")).isEqualTo("none");
        assertThat(keyOf("/v1/watch/services")).isEqualTo("none");
        assertThat(keyOf("/v1/watch")).isEqualTo("none");
        assertThat(keyOf("/v1/status")).isEqualTo("none");
        assertThat(keyOf("/v1/catalog/services")).isEqualTo("none");
        assertThat(keyOf("/v1/heartbeats")).isEqualTo("none");
    }

    @Test
    void aMalformedNameHasNoKeySoItsHandlerCanRefuseIt() throws Exception {
        // java.net.http refuses to send a malformed escape; a client on a raw socket does not.
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /v1/services/%zz/instances/a HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nnone");
        }
    }
}
