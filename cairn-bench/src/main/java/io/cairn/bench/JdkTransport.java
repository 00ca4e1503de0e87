package io.cairn.bench;

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
 * <p>Answers complete on a fixed pool of {@code threads} threads (the client's default, a cached
 * pool, would grow a thread per concurrent answer); the selector thread is the client's own.
 */
public final class JdkTransport implements ClientTransport {

    private final HttpClient.Version version;
    private final int threads;
    private ExecutorService executor;
    private HttpClient http;
    private volatile HttpClient.Version answeredWith;

    public JdkTransport(HttpClient.Version version, int threads) {
        this.version = version;
        this.threads = threads;
    }

    @Override
    public void start() {
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
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
            http = null; // its selector thread ends once the client is unreachable
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
