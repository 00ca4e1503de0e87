package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP itself, whatever the endpoint: malformed chunked bodies, HEAD, %-escapes, content
 * encodings and charsets. Every refusal is a JSON error; nothing unhandled answers 2xx.
 */
class HttpProtocolTest {

    private static final String TARGET = "/v1/services/web/instances/i1";
    private static final String GOOD = "{\"address\":\"10.0.0.1\",\"port\":80}";

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(dir, 2).start();
        server.register("web", "i1", GOOD);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "-5", "ffffffffffff", "1;x=\"", ""})
    void aBadChunkSizeIsA400JsonError(String size) {
        HttpAnswer a = server.rawRequest("PUT " + TARGET + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\n{}\r\n0\r\n\r\n");
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.header("Content-Type")).isEqualTo("application/json");
        assertThat(a.json().path("error").asText()).isEqualTo("bad_request");
        assertThat(server.get(TARGET).json().path("port").asInt()).isEqualTo(80);
    }

    @Test
    void aWellFormedChunkedBodyIsRead() {
        String body = "{\"address\":\"10.0.0.2\",\"port\":81}";
        HttpAnswer a = server.rawRequest("PUT /v1/services/web/instances/chunked HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/status", "/metrics", "/v1/services", "/v1/services/web", TARGET})
    void headAnswersTheGetsHeadersWithoutABody(String path) {
        HttpAnswer get = server.rawRequest("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        HttpAnswer head = server.rawRequest("HEAD " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(head.status()).as(head.toString()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
        if (!path.equals("/metrics") && !path.equals("/v1/status")) {
            assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
        }
    }

    @Test
    void headOnAStreamAnswersItsHeadersAndEnds() {
        HttpAnswer head = server.rawRequest("HEAD /v1/watch/services/web HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).isEqualTo("text/event-stream");
        assertThat(head.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/status?x=%", "/metrics?x=%zz", "/v1/services?x=%zz", "/v1/services/web?x=%",
            "/v1/watch/services/web?x=%zz", TARGET + "?x=%"})
    void aBadEscapeAnywhereIsA400(String target) {
        HttpAnswer a = server.rawRequest("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.json().path("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void aContentEncodingTheServerDoesNotDecodeIsRefused() throws Exception {
        for (String encoding : new String[] {"gzip", "br", "deflate", "identity, gzip"}) {
            HttpAnswer a = server.rawRequest("PUT " + TARGET + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Encoding: " + encoding + "\r\nContent-Length: "
                    + GOOD.length() + "\r\n\r\n" + GOOD);
            assertThat(a.status()).as(encoding).isEqualTo(415);
            assertThat(a.json().path("error").asText()).isEqualTo("unsupported_media_type");
        }
        HttpAnswer identity = server.rawRequest("PUT " + TARGET + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Encoding: identity\r\nContent-Length: "
                + GOOD.length() + "\r\n\r\n" + GOOD);
        assertThat(identity.status()).isEqualTo(200);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(GOOD.getBytes(StandardCharsets.UTF_8));
        }
        // A real gzip body is refused just the same: the server decodes no encoding.
        String gzipped = gz.toString(StandardCharsets.ISO_8859_1); // rawRequest writes ISO-8859-1: bytes as they are
        HttpAnswer real = server.rawRequest("PUT " + TARGET + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.size()
                + "\r\n\r\n" + gzipped);
        assertThat(real.status()).isEqualTo(415);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=latin1", "application/json; charset=ISO-8859-1",
            "application/json;charset=utf-16"})
    void aCharsetOtherThanUtf8IsRefused(String type) {
        HttpAnswer a = server.rawRequest("PUT " + TARGET + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: " + type + "\r\nContent-Length: " + GOOD.length() + "\r\n\r\n" + GOOD);
        assertThat(a.status()).as(type).isEqualTo(415);
        assertThat(a.json().path("message").asText()).contains("UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "application/json;charset=\"UTF-8\"", "application/json"})
    void utf8IsAccepted(String type) {
        HttpAnswer a = server.rawRequest("PUT " + TARGET + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: " + type + "\r\nContent-Length: " + GOOD.length() + "\r\n\r\n" + GOOD);
        assertThat(a.status()).as(type).isEqualTo(200);
    }
}
