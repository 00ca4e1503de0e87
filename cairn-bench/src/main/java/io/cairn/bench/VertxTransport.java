package io.cairn.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Vert.x's HTTP/1.1 client: each channel is one keep-alive connection of its own, and a client's
 * requests and answers are handled on that connection's event loop. It costs the shared cores
 * little, so the figures it gives are mostly the server's.
 */
public final class VertxTransport implements ClientTransport {

    private final int eventLoops;
    private Vertx vertx;
    private HttpClientAgent http;

    /** @param eventLoops the generator's event-loop threads; channels are spread over them */
    public VertxTransport(int eventLoops) {
        this.eventLoops = eventLoops;
    }

    @Override
    public void start() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        http = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true).setPipelining(false).setTcpNoDelay(true));
    }

    @Override
    public CompletableFuture<Channel> open(InetSocketAddress target, Duration timeout) {
        return http.connect(new HttpConnectOptions().setHost(target.getHostString()).setPort(target.getPort())
                        .setConnectTimeout(timeout.toMillis()))
                .map(c -> (Channel) new Connection(c)).toCompletionStage().toCompletableFuture();
    }

    @Override
    public void close() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                System.err.println("bench: closing the HTTP client failed: " + e);
            }
            vertx = null;
        }
    }

    private static final class Connection implements Channel {
        private final HttpClientConnection connection;
        private volatile boolean closed;

        Connection(HttpClientConnection connection) {
            this.connection = connection;
            connection.closeHandler(v -> closed = true);
        }

        @Override
        public void send(BenchRequest request, long idleTimeoutMillis, Answer answer) {
            RequestOptions options = new RequestOptions().setMethod(request.method()).setURI(request.uri())
                    .setIdleTimeout(idleTimeoutMillis);
            if (request.jsonBody() != null) {
                options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
            }
            connection.request(options)
                    .compose(req -> request.jsonBody() == null ? req.send() : req.send(request.jsonBody()))
                    .compose(resp -> resp.body().map(body -> resp.statusCode()))
                    .onComplete(ar -> answer.done(ar.succeeded() ? ar.result() : 0, ar.cause()));
        }

        @Override
        public boolean usable() {
            return !closed;
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
