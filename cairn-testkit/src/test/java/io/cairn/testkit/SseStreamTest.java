package io.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reader against a canned stream: the SSE fields, comments, the end, and data that is not JSON. */
class SseStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private HttpServer http;
    private final AtomicReference<String> lastEventId = new AtomicReference<>();

    @BeforeEach
    void serve() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/stream", exchange -> {
            lastEventId.set(exchange.getRequestHeaders().getFirst("Last-Event-ID"));
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(("event: state\nid: 7\ndata: {\"revision\":7}\n\n"
                        + ": keep-alive\n\n"
                        + "data: {\"a\":\n" + "data: 1}\n\n"
                        + "event: broken\ndata: not json\n\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    @Test
    void eventsCommentsAndTheEndAreReadInOrder() throws Exception {
        try (SseStream s = SseStream.open(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/stream"),
                "6")) {
            SseStream.Event state = s.next(WAIT);
            assertThat(state.name()).isEqualTo("state");
            assertThat(state.id()).isEqualTo("7");
            assertThat(state.json().get("revision").asLong()).isEqualTo(7);

            SseStream.Event unnamed = s.next(WAIT);
            assertThat(unnamed.name()).as("no event line: the SSE default").isEqualTo("message");
            assertThat(unnamed.data()).isEqualTo("{\"a\":\n1}");
            assertThat(unnamed.json().get("a").asInt()).isEqualTo(1);

            SseStream.Event broken = s.next(WAIT);
            assertThatThrownBy(broken::json).isInstanceOf(AssertionError.class).hasMessageContaining("not json");

            s.ended().get(10, TimeUnit.SECONDS);
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.comments()).extracting(SseStream.Comment::text).containsExactly("keep-alive");
            assertThat(s.named("state")).containsExactly(state);
            assertThat(s.nextOrEnd(WAIT)).as("nothing after the end").isNull();
            assertThatThrownBy(() -> s.next(Duration.ofMillis(10))).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the stream had ended");
        }
        assertThat(lastEventId.get()).isEqualTo("6");
    }
}
