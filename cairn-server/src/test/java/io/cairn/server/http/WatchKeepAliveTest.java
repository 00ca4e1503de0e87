package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.server.TestServer;
import io.cairn.server.watch.WatchSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
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
            List<String> lines = new CopyOnWriteArrayList<>();
            List<Long> keepAliveNanos = new CopyOnWriteArrayList<>();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(
                    HttpRequest.newBuilder(server.uri("/v1/watch/services/quiet")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            stream.thenAcceptAsync(r -> r.body().forEach(line -> {
                lines.add(line);
                if (line.equals(": keep-alive")) {
                    keepAliveNanos.add(System.nanoTime());
                }
            }));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> keepAliveNanos.size() >= 3);
                // Between keep-alives: at least half a period (a write resets the idle clock), at most about two.
                for (int i = 1; i < keepAliveNanos.size(); i++) {
                    assertThat(Duration.ofNanos(keepAliveNanos.get(i) - keepAliveNanos.get(i - 1)))
                            .isBetween(Duration.ofMillis(400), Duration.ofMillis(2500));
                }
                assertThat(lines.stream().filter(l -> l.startsWith("event: ")).toList()).containsExactly("event: state");
            } finally {
                stream.cancel(true);
                stream.thenAccept(r -> r.body().close());
            }
        }
    }
}
