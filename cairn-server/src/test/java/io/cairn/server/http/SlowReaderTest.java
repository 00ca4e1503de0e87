package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import io.cairn.server.watch.WatchSettings;
import io.cairn.testkit.SseStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher that stops reading is cut once it falls a buffer behind; meanwhile every write is
 * acknowledged and a healthy watcher of the same service receives every change, in order.
 */
class SlowReaderTest {

    @TempDir
    Path dir;

    @Test
    void aStalledReaderIsCutWithoutSlowingWritesOrOtherWatchers() throws Exception {
        WatchSettings d = WatchSettings.defaults();
        try (TestServer server = new TestServer(TestServer.config(dir, 1).withWatch(new WatchSettings(
                d.historyPerService(), d.defaultWait(), d.maxWait(), d.heartbeat(), 8192, d.maxServicesPerStream(),
                d.maxCoalesce()))).start()) {
            // The stalled reader: a raw socket with a tiny receive window that never reads.
            Socket stalled = new Socket();
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", server.server().httpPort()), 5000);
            stalled.getOutputStream().write(("GET /v1/watch/services/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();

            // The healthy reader, collecting change revisions and previous links.
            SseStream healthy = SseStream.open(server.uri("/v1/watch/services/slow"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !healthy.events().isEmpty()); // its initial state
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().watches().watcherCount() == 2);

            // Writers: large instances so that events fill the stalled stream's buffers quickly.
            Map<String, String> meta = new TreeMap<>();
            for (int i = 0; i < 6; i++) {
                meta.put("blob" + i, "x".repeat(1000));
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acknowledged = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                running.add(writers.submit(() -> {
                    for (int n = 0; n < 3000 && !stop.get(); n++) {
                        HttpAnswer a = server.put("/v1/services/slow/instances/w" + writer + "-" + (n % 20),
                                TestServer.json(Map.of("address", "10.0.0.1", "port", 1 + n, "meta", meta)));
                        if (a.status() != 200) {
                            synchronized (failures) {
                                failures.add(a.toString());
                            }
                        } else {
                            acknowledged.incrementAndGet();
                        }
                    }
                }));
            }
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> server.server().watches().overflows() >= 1);
            } finally {
                stop.set(true);
                writers.shutdown();
                assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
            for (Future<?> f : running) {
                f.get();
            }
            assertThat(failures).as("every write was acknowledged").isEmpty();

            // The healthy watcher got every change, in order, with an unbroken chain.
            long last = server.get("/v1/services/slow").index();
            await().atMost(Duration.ofSeconds(30)).until(() -> lastRevision(healthy) == last);
            List<JsonNode> events = healthy.events().stream().map(SseStream.Event::json).toList();
            long previous = events.get(0).get("revision").asLong(); // the initial state
            for (JsonNode e : events.subList(1, events.size())) {
                assertThat(e.get("previous").asLong()).isEqualTo(previous);
                previous = e.get("revision").asLong();
            }
            assertThat(events.size() - 1).isEqualTo(acknowledged.get());

            // The stalled reader's connection was closed by the server: draining it ends in EOF.
            stalled.setSoTimeout(10_000);
            InputStream in = stalled.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long drained = 0;
            int n;
            while ((n = readOrReset(in, buffer)) >= 0) {
                drained += n;
            }
            assertThat(drained).as("it had been sent something before the cut").isPositive();
            stalled.close();
            assertThat(server.server().watches().watcherCount()).isEqualTo(1);
            healthy.close();
        }
    }

    private static long lastRevision(SseStream stream) {
        List<SseStream.Event> events = stream.events();
        return events.isEmpty() ? -1 : events.get(events.size() - 1).json().get("revision").asLong();
    }

    /** A read that treats a connection reset like the end of the stream. */
    private static int readOrReset(InputStream in, byte[] buffer) throws IOException {
        try {
            return in.read(buffer);
        } catch (java.net.SocketException e) {
            return -1;
        }
    }
}
