package io.cairn.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's {@code java.net.http} client, as services (and {@code cairn-client}) use it: one
 * {@link HttpClient} for all clients of the generator, its connections pooled and kept alive
 * (HTTP/1.1: about one connection per request in flight; HTTP/2: requests to a node share one
 * connection, reached by h2c upgrade), JSON bodies sent as byte arrays and answers read whole.
 * A channel is only a client's base URI: the pool picks the connection.
 *
 * <p>Two ways to call it. <b>Asynchronous</b> ({@code sendAsync}): answers complete on a fixed
 * pool of {@code threads} threads (the client's default, a cached pool, would grow a thread per
 * concurrent answer); the selector thread is the client's own. <b>Blocking</b> ({@code send}, see
 * {@link #blocking()}): each client's thread waits in {@code send} for its answer, and the client
 * is built as {@code cairn-client} builds its own (no executor of ours: the JDK's default). The
 * two cost the caller differently (JDK 17 to 25, {@code HttpClientImpl.sendAsync}): {@code send}
 * runs the exchange's steps on the calling thread until it must wait for the socket, while
 * {@code sendAsync} schedules them on the client's executor and then completes its future once
 * more on the common fork-join pool, so that dependent actions never run on the client's
 * threads: thread hand-offs a blocking caller does not pay.
 */
public final class JdkTransport implements ClientTransport {

    private final HttpClient.Version version;
    private final int threads;
    private final boolean blocking;
    private ExecutorService executor;
    private HttpClient http;
    private volatile HttpClient.Version answeredWith;

    /** An asynchronous transport: {@code sendAsync}, answers on {@code threads} threads. */
    public JdkTransport(HttpClient.Version version, int threads) {
        this(version, threads, false);
    }

    private JdkTransport(HttpClient.Version version, int threads, boolean blocking) {
        this.version = version;
        this.threads = threads;
        this.blocking = blocking;
    }

    /** A blocking transport: {@code send} on the caller's thread, the client's default executor. */
    public static JdkTransport blocking(HttpClient.Version version) {
        return new JdkTransport(version, 0, true);
    }

    @Override
    public boolean blocking() {
        return blocking;
    }

    @Override
    public void start() {
        if (blocking) {
            http = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(30)).build();
            return;
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-jdk-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder().version(version).executor(executor)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** The HTTP version of the latest answer (HTTP/2 asked for may be refused), or null before any. */
    public HttpClient.Version answeredWith() {
        return answeredWith;
    }

    @Override
    public CompletableFuture<Channel> open(InetSocketAddress target, Duration timeout) {
        return CompletableFuture.completedFuture(new Base("http://" + target.getHostString() + ":" + target.getPort()));
    }

    @Override
    public void close() {
        http = null; // its selector thread ends once the client is unreachable
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    private final class Base implements Channel {
        private final String base;

        Base(String base) {
            this.base = base;
        }

        @Override
        public void send(BenchRequest request, long idleTimeoutMillis, Answer answer) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + request.uri()))
                    .timeout(Duration.ofMillis(idleTimeoutMillis));
            if (request.jsonBody() != null) {
                b.header("Content-Type", "application/json")
                        .method(request.method().name(), HttpRequest.BodyPublishers.ofByteArray(request.jsonBody().getBytes()));
            } else {
                b.method(request.method().name(), HttpRequest.BodyPublishers.noBody());
            }
            if (blocking) {
                HttpResponse<byte[]> response;
                try {
                    response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException e) {
                    answer.done(0, e);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    answer.done(0, e);
                    return;
                }
                answeredWith = response.version();
                answer.done(response.statusCode(), null);
                return;
            }
            http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((response, failure) -> {
                        if (response != null) {
                            answeredWith = response.version();
                        }
                        answer.done(response == null ? 0 : response.statusCode(), failure);
                    });
        }

        @Override
        public boolean usable() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
