package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.server.TestServer;
import io.cairn.server.watch.WatchSettings;
import io.cairn.testkit.SseStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle watch stream gets a {@code : keep-alive} comment about every {@code watch-keepalive}
 * (here 1 s), and nothing else: no event without a change.
 */
class WatchKeepAliveTest {

    @TempDir
    Path dir;

    @Test
    void anIdleStreamGetsKeepAliveCommentsAtTheConfiguredPeriod() throws Exception {
        WatchSettings d = WatchSettings.defaults();
        WatchSettings everySecond = new WatchSettings(d.historyPerService(), d.defaultWait(), d.maxWait(),
                Duration.ofSeconds(1), d.streamBufferBytes(), d.maxServicesPerStream(), d.maxCoalesce());
        try (TestServer server = new TestServer(TestServer.config(dir, 1).withWatch(everySecond)).start()) {
            try (SseStream stream = SseStream.open(server.uri("/v1/watch/services/quiet"))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> keepAlives(stream).size() >= 3);
                List<Long> keepAliveNanos = keepAlives(stream);
                // Between keep-alives: at least half a period (a write resets the idle clock), at most about two.
                for (int i = 1; i < keepAliveNanos.size(); i++) {
                    assertThat(Duration.ofNanos(keepAliveNanos.get(i) - keepAliveNanos.get(i - 1)))
                            .isBetween(Duration.ofMillis(400), Duration.ofMillis(2500));
                }
                assertThat(stream.events()).extracting(SseStream.Event::name).containsExactly("state");
            }
        }
    }

    private static List<Long> keepAlives(SseStream stream) {
        return stream.comments().stream().filter(c -> c.text().equals("keep-alive")).map(SseStream.Comment::atNanos)
                .toList();
    }
}
