package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import io.cairn.testkit.SseStream;
import io.vertx.core.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code io-transport} setting: NIO by default, io_uring when asked for and only where the
 * system has it (never a silent fallback), and a node serves requests and pushes watch events
 * (written straight into the connection, {@code watch.SseChannel}) on each transport this
 * machine has.
 */
class IoTransportTest {

    @TempDir
    Path dir;

    @Test
    void nioByDefaultIoUringOnlyWhereAvailable() {
        assertThat(TestServer.config(dir, 1).ioTransport()).isEqualTo("nio");
        assertThat(IoTransport.choose("nio")).isEqualTo(Transport.NIO);
        if (Transport.IO_URING.available()) {
            assertThat(IoTransport.choose("io_uring")).isEqualTo(Transport.IO_URING);
        } else {
            assertThatThrownBy(() -> IoTransport.choose("io_uring")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("io-transport io_uring is not available");
        }
        assertThatThrownBy(() -> IoTransport.choose("epoll")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io-transport");
    }

    @Test
    void aNodeServesAndPushesOnEveryAvailableTransport() throws Exception {
        List<String> names = new ArrayList<>(List.of("nio"));
        if (Transport.IO_URING.available()) {
            names.add("io_uring");
        }
        for (String name : names) {
            try (TestServer server = new TestServer(TestServer.config(dir.resolve(name), 2).withIoTransport(name))
                    .start()) {
                try (SseStream stream = SseStream.open(server.uri("/v1/watch/services/web"))) {
                    assertThat(stream.next(Duration.ofSeconds(10)).name()).as(name).isEqualTo("state");
                    server.register("web", "a", Map.of("address", "10.0.0.1", "port", 80));
                    SseStream.Event registered = stream.next(Duration.ofSeconds(10));
                    assertThat(registered.name()).as(name).isEqualTo("registered");
                    assertThat(registered.json().path("instance").path("id").asText()).as(name).isEqualTo("a");
                }
                HttpAnswer read = server.get("/v1/services/web");
                assertThat(read.status()).as(name).isEqualTo(200);
                assertThat(read.body()).as(name).contains("\"10.0.0.1\"");
            }
        }
    }
}
