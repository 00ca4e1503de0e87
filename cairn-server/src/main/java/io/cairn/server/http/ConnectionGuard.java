package io.cairn.server.http;

import io.cairn.api.time.Ticker;
import io.cairn.server.config.HttpTimeouts;
import io.cairn.server.limit.ClientShares;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connections of one event loop that hold the server without progress
 * ({@link HttpTimeouts}): one with no request in progress for longer than the idle timeout (an
 * idle keep-alive, or a client that never finishes its headers: Vert.x sees a request only once
 * its headers are complete), and one whose request body has not all arrived within the request
 * timeout (answered 408 first when nothing was sent yet).
 *
 * <p>A request whose body has arrived is in progress until its answer ends, however long that
 * takes: a blocking read is bounded by its {@code wait}, and a watch stream lives while the
 * client reads it (its keep-alives reach the socket; a reader that stops is cut by the stream's
 * write buffer). So neither is ever closed here.
 *
 * <p>It also holds each client address to {@code max-connections-per-client} open connections
 * ({@link ClientShares}, shared by every loop's guard): a connection past it is closed as soon
 * as Vert.x reports it, without an answer.
 *
 * <p>One periodic sweep per event loop rather than a timer per request: the hot path only
 * writes two fields. Threading: everything runs on the owning event loop.
 */
public final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final Vertx vertx;
    private final HttpTimeouts timeouts;
    private final Ticker ticker;
    private final Map<HttpConnection, Tracked> open = new HashMap<>();
    private final ClientShares connections;
    private long timer = -1;

    /**
     * @param connections the open connections per client address ({@code max-connections-per-client}),
     *     one instance shared by every event loop's guard
     */
    public ConnectionGuard(Vertx vertx, HttpTimeouts timeouts, Ticker ticker, ClientShares connections) {
        this.connections = connections;
        this.vertx = vertx;
        this.timeouts = timeouts;
        this.ticker = ticker;
    }

    /** Starts the sweep; call on the owning event loop. */
    public void start() {
        long shortest = Math.min(timeouts.idle().toMillis(), timeouts.request().toMillis());
        timer = vertx.setPeriodic(Math.max(50, shortest / 4), id -> sweep());
    }

    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /**
     * The server's options: Netty's idle handler closes a connection that sends no complete
     * request within the idle timeout. Vert.x makes an HTTP/1.x connection known only once its
     * first request's headers are complete, so nothing here could see a client that never
     * finishes them; from then on this guard, which knows a long-held request from an idle
     * connection, takes over.
     */
    public static HttpServerOptions beforeFirstRequest(HttpServerOptions options, HttpTimeouts timeouts) {
        return options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setIdleTimeout((int) timeouts.idle().toMillis());
    }

    /** The server's connection handler. */
    public void connected(HttpConnection connection) {
        String address = connection.remoteAddress() == null ? "unknown" : connection.remoteAddress().hostAddress();
        if (!connections.acquire(address)) {
            LOG.debug("event=connection-refused reason=max-connections-per-client remote={}", address);
            connection.close();
            return;
        }
        open.put(connection, new Tracked(ticker.nanos()));
        connection.closeHandler(v -> {
            open.remove(connection);
            connections.release(address);
        });
        // Netty's idle handler counts only bytes: it would cut a blocking read or a watch
        // stream that is quiet for a while. This guard judges the connection from now on.
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channel().pipeline();
            if (pipeline.get(IdleStateHandler.class) != null) {
                pipeline.remove(IdleStateHandler.class);
            }
        } else {
            LOG.warn("event=idle-handler-kept connection={} reason=unknown-connection-class",
                    connection.getClass().getName());
        }
    }

    /** Wraps the server's request handler: marks the connection busy until the answer ends. */
    public Handler<HttpServerRequest> tracking(Handler<HttpServerRequest> next) {
        return request -> {
            Tracked t = open.get(request.connection());
            if (t != null) {
                t.inProgress++;
                t.current = request;
                t.since = ticker.nanos();
                // The body-end slot, not the end slot: Vert.x Web's RoutingContext.addEndHandler
                // takes the response's end handler for itself (ClientAdmission uses it), and a
                // second setter would silently replace the first. When the connection closes
                // instead, its close handler forgets the whole connection.
                request.response().bodyEndHandler(v -> {
                    t.inProgress--;
                    t.since = ticker.nanos();
                    if (t.current == request) {
                        t.current = null;
                    }
                });
            }
            next.handle(request);
        };
    }

    private void sweep() {
        long now = ticker.nanos();
        long idle = timeouts.idle().toNanos();
        long body = timeouts.request().toNanos();
        for (Map.Entry<HttpConnection, Tracked> e : Map.copyOf(open).entrySet()) {
            Tracked t = e.getValue();
            if (t.inProgress == 0 && now - t.since > idle) {
                LOG.debug("event=connection-closed reason=idle remote={}", e.getKey().remoteAddress());
                e.getKey().close();
            } else if (t.current != null && !t.current.isEnded() && now - t.since > body) {
                LOG.debug("event=connection-closed reason=request-timeout remote={}", e.getKey().remoteAddress());
                HttpServerResponse response = t.current.response();
                t.current = null;
                if (!response.headWritten() && !response.ended()) {
                    response.setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end("{\"error\":\"request_timeout\",\"message\":\"the request body did not arrive within "
                                    + timeouts.request().toMillis() + " ms\"}");
                }
                e.getKey().close();
            }
        }
    }

    /** One connection's progress. */
    private static final class Tracked {
        int inProgress;
        /** Since when the connection is idle (inProgress 0) or the current request started. */
        long since;
        HttpServerRequest current;

        Tracked(long since) {
            this.since = since;
        }
    }
}
