package io.cairn.server.http;

import io.cairn.server.config.HttpTimeouts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.server.TestServer;
import io.cairn.server.watch.WatchSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection cannot hold the server without progress: unfinished headers and idle keep-alives
 * are closed after the idle timeout, a body shorter than its Content-Length after the request
 * timeout (with a 408), while a watch stream whose keep-alives flow outlives both.
 */
class ConnectionTimeoutTest {

    private static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration REQUEST = Duration.ofSeconds(1);

    @TempDir
    static Path dir;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        WatchSettings w = WatchSettings.defaults();
        server = new TestServer(TestServer.config(dir, 2).withHttpTimeouts(new HttpTimeouts(IDLE, REQUEST))
                .withWatch(new WatchSettings(w.historyPerService(), w.defaultWait(), w.maxWait(), Duration.ofMillis(200),
                        w.streamBufferBytes(), w.maxServicesPerStream(), w.maxCoalesce()))).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void unfinishedHeadersAreClosedAfterTheIdleTimeout() throws Exception {
        try (Socket s = connect()) {
            write(s, "GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            awaitClosed(s, new StringBuilder());
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket s = connect()) {
            write(s, "GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n");
            StringBuilder seen = new StringBuilder();
            awaitClosed(s, seen);
            assertThat(seen.toString()).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aBodyShorterThanItsLengthIsAnswered408AndClosed() throws Exception {
        try (Socket s = connect()) {
            write(s, "PUT /v1/services/web/instances/i1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"address\":");
            StringBuilder seen = new StringBuilder();
            awaitClosed(s, seen);
            assertThat(seen.toString()).startsWith("HTTP/1.1 408").contains("request_timeout");
        }
    }

    @Test
    void aWatchStreamOutlivesTheTimeoutsWhileItsKeepAlivesFlow() throws Exception {
        try (Socket s = connect()) {
            write(s, "GET /v1/watch/services/web HTTP/1.1\r\nHost: x\r\n\r\n");
            s.setSoTimeout(2_000);
            InputStream in = s.getInputStream();
            long until = System.nanoTime() + IDLE.plus(REQUEST).multipliedBy(2).toNanos();
            int keepAlives = 0;
            StringBuilder line = new StringBuilder();
            while (System.nanoTime() < until) {
                int b = in.read();
                assertThat(b).as("the stream was closed").isNotEqualTo(-1);
                if (b == '\n') {
                    if (line.toString().contains(": keep-alive")) {
                        keepAlives++;
                    }
                    line.setLength(0);
                } else {
                    line.append((char) b);
                }
            }
            assertThat(keepAlives).isGreaterThan(3);
        }
    }

    @Test
    void aBlockingReadHeldLongerThanTheIdleTimeoutIsAnswered() throws Exception {
        long index = server.get("/v1/services/held").index();
        try (Socket s = connect()) {
            write(s, "GET /v1/services/held?index=" + index + "&wait=3s HTTP/1.1\r\nHost: x\r\n\r\n");
            StringBuilder seen = new StringBuilder();
            awaitClosed(s, seen); // answered after the wait, then idle: closed
            assertThat(seen.toString()).startsWith("HTTP/1.1 200");
        }
    }

    /** A client that leaves mid-body is no error of the server's: nothing is logged at ERROR. */
    @Test
    void aClientLeavingMidBodyLogsNoError() throws Exception {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }
        }, true));
        try {
            for (int i = 0; i < 3; i++) {
                try (Socket s = connect()) {
                    write(s, "PUT /v1/services/web/instances/i" + i + " HTTP/1.1\r\nHost: x\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"address\":");
                }
            }
            // A request after them: once it is answered, the server has long seen the others go.
            try (Socket s = connect()) {
                write(s, "GET /v1/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                StringBuilder seen = new StringBuilder();
                awaitClosed(s, seen);
                assertThat(seen.toString()).startsWith("HTTP/1.1 200");
            }
            String log;
            synchronized (captured) {
                log = captured.toString(StandardCharsets.UTF_8);
            }
            assertThat(log).doesNotContain("ERROR");
        } finally {
            System.setErr(original);
        }
    }

    private static Socket connect() throws IOException {
        return new Socket("127.0.0.1", server.server().httpPort());
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads until the server closes the connection, which must happen within a few timeouts. */
    private static void awaitClosed(Socket s, StringBuilder seen) throws IOException {
        s.setSoTimeout(200);
        InputStream in = s.getInputStream();
        boolean[] closed = {false};
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                int b;
                while ((b = in.read()) != -1) {
                    seen.append((char) b);
                }
                closed[0] = true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                closed[0] = true; // reset by the server counts as closed
            }
            return closed[0];
        });
    }
}
