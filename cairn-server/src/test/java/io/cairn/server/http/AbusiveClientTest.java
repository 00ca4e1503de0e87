package io.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.HttpAnswer;
import io.cairn.server.TestServer;
import io.cairn.server.config.ClientLimits;
import io.cairn.server.config.HttpTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One abusive client cannot starve the others (issue 18, "Hostile input"). The abuser, from
 * 127.0.0.2, holds its connection and watch limits and opens more, floods requests with a bearer
 * token and trickles a request's headers; meanwhile a well-behaved client from 127.0.0.1
 * registers, reads, heartbeats and opens a watch, and every one of its requests succeeds within
 * a bound while the abuser is refused, throttled and cut.
 */
class AbusiveClientTest {

    private static final int CONNECTIONS = 6;
    private static final int WATCHES = 2;
    private static final int RATE = 50;
    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final InetAddress ABUSER = address("127.0.0.2");

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(TestServer.config(dir, 2).withHttpTimeouts(new HttpTimeouts(IDLE, IDLE))
                .withClientLimits(ClientLimits.defaults().withRate(RATE, RATE).withConnections(CONNECTIONS, WATCHES)))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void oneAbusiveClientCannotStarveAnother() throws Exception {
        List<Socket> held = new ArrayList<>();
        ExecutorService abuse = Executors.newFixedThreadPool(3);
        try {
            // Its watch limit: two streams open, the third refused, naming the limit.
            for (int i = 0; i < WATCHES; i++) {
                Socket s = abuser();
                held.add(s);
                send(s, "GET /v1/watch/services/web HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(head(s)).startsWith("HTTP/1.1 200");
            }
            try (Socket third = abuser()) {
                send(third, "GET /v1/watch/services/web HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(readAll(third)).startsWith("HTTP/1.1 429").contains("too_many_watches")
                        .contains("max-watches-per-client");
            }
            try (Socket blocking = abuser()) {
                send(blocking, "GET /v1/services/web?index=1&wait=5s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(readAll(blocking)).as("a blocking read counts as a watch").startsWith("HTTP/1.1 429")
                        .contains("too_many_watches");
            }
            // A slow request: its headers trickle in, a byte at a time, and never end.
            Socket slow = abuser();
            held.add(slow);
            Future<Long> slowClosedAfter = abuse.submit(() -> trickle(slow));
            // A flood with a token, on two connections, until told to stop (bounded in count).
            AtomicInteger throttled = new AtomicInteger();
            AtomicReference<String> refusal = new AtomicReference<>();
            AtomicInteger stop = new AtomicInteger();
            List<Future<?>> floods = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                Socket s = abuser();
                held.add(s);
                // Answered before the next connections open: the server counts a connection once
                // it sees its first request, so this one holds its place among the allowed.
                send(s, "GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(response(s)).startsWith("HTTP/1.1 200");
                floods.add(abuse.submit(() -> flood(s, stop, throttled, refusal)));
            }
            // The remaining connections it may hold, and then some: those past the limit are closed.
            int refused = 0;
            for (int i = 0; i < CONNECTIONS + 4; i++) {
                Socket s = abuser();
                held.add(s);
                send(s, "GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n");
                if (!head(s).startsWith("HTTP/1.1 200")) {
                    refused++;
                }
            }
            assertThat(refused).as("connections past max-connections-per-client").isGreaterThanOrEqualTo(4);

            // Meanwhile the other client: writes, reads and heartbeats, each within the bound.
            for (int round = 0; round < 10; round++) {
                String id = "good-" + round;
                timed(() -> server.put("/v1/services/good/instances/" + id,
                        TestServer.json(Map.of("address", "10.0.0.1", "port", 80, "ephemeral", true, "ttl", "30s"))));
                timed(() -> server.get("/v1/services/good"));
                timed(() -> server.put("/v1/heartbeat", TestServer.json(Map.of("instances",
                        List.of(Map.of("service", "good", "id", id))))));
            }
            assertThat(server.get("/v1/services/good").json().get("instances")).hasSize(10);
            try (Socket watch = new Socket("127.0.0.1", server.server().httpPort())) {
                watch.setSoTimeout((int) BOUND.toMillis());
                send(watch, "GET /v1/watch/services/good HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(head(watch)).as("the other client's watch, while the abuser holds its limit")
                        .startsWith("HTTP/1.1 200");
            }

            stop.set(1);
            for (Future<?> f : floods) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(throttled.get()).as("abuser's requests answered 429").isPositive();
            assertThat(refusal.get()).containsIgnoringCase("Retry-After:").contains("rate_limited").contains("rate-limit");
            assertThat(Duration.ofNanos(slowClosedAfter.get(10, TimeUnit.SECONDS)))
                    .as("a request whose headers trickle is closed by the idle timeout")
                    .isBetween(IDLE.minusMillis(200), IDLE.multipliedBy(4)); // from its accept, a little before
        } finally {
            abuse.shutdownNow();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aConsulClientIsLimitedByItsTokenLikeAnyOther() throws Exception {
        String refusal = null;
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(address("127.0.0.3"), 0));
            s.connect(new InetSocketAddress("127.0.0.1", server.server().httpPort()), 2_000);
            s.setSoTimeout(5_000);
            for (int i = 0; i < RATE * 40 && refusal == null; i++) {
                send(s, "GET /v1/catalog/services HTTP/1.1\r\nHost: x\r\nX-Consul-Token: consul-abuser\r\n\r\n");
                String answer = response(s);
                if (answer.startsWith("HTTP/1.1 429")) {
                    refusal = answer;
                }
            }
        }
        assertThat(refusal).as("a flood with X-Consul-Token is throttled").isNotNull();
        assertThat(refusal).contains("rate_limited").contains("from this token");
    }

    /** Runs one of the good client's requests: it must succeed, and within the bound. */
    private static void timed(java.util.function.Supplier<HttpAnswer> call) {
        long start = System.nanoTime();
        HttpAnswer a = call.get();
        assertThat(a.status()).as("%s", a).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    }

    private static Object flood(Socket s, AtomicInteger stop, AtomicInteger throttled, AtomicReference<String> refusal)
            throws IOException {
        for (int i = 0; i < 5_000 && stop.get() == 0; i++) {
            send(s, "GET /v1/services/good HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer abuser-secret\r\n\r\n");
            String answer = response(s);
            if (answer.startsWith("HTTP/1.1 429")) {
                throttled.incrementAndGet();
                refusal.compareAndSet(null, answer);
            }
        }
        return null;
    }

    /** Sends header bytes one at a time, every 100 ms, until the server closes; the time it took. */
    private static long trickle(Socket s) throws IOException {
        long start = System.nanoTime();
        send(s, "GET /v1/status HTTP/1.1\r\nHost: x\r\n");
        s.setSoTimeout(100);
        for (int i = 0; i < 200; i++) {
            try {
                s.getOutputStream().write('X');
                s.getOutputStream().flush();
                if (s.getInputStream().read() == -1) {
                    break;
                }
            } catch (SocketTimeoutException quiet) {
                continue;
            } catch (IOException closed) {
                break;
            }
        }
        return System.nanoTime() - start;
    }

    private static Socket abuser() throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(ABUSER, 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.server().httpPort()), 2_000);
        s.setSoTimeout(5_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line and headers of the next answer, or "" when the server closed instead. */
    private static String head(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            while (bytes.size() < 16_384) {
                int b = in.read();
                if (b == -1) {
                    break;
                }
                bytes.write(b);
                if (bytes.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    break;
                }
            }
        } catch (IOException reset) {
            return "";
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /** One whole answer with a Content-Length body. */
    private static String response(Socket s) throws IOException {
        String head = head(s);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = s.getInputStream().readNBytes(length);
        return head + new String(body, StandardCharsets.UTF_8);
    }

    private static String readAll(Socket s) throws IOException {
        return new String(s.getInputStream().readNBytes(65_536), StandardCharsets.UTF_8);
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
