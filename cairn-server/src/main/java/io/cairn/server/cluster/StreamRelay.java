package io.cairn.server.cluster;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;

/**
 * One event stream read from another node ({@code GET /v1/watch?partition=P...} at the
 * partition's leader), split into whole server-sent events for a stream of this node to pass
 * on. Keep-alive comments are dropped (the receiving stream sends its own); the {@code synced}
 * event is reported instead of passed on.
 *
 * <p>Threading: {@link #start} is called on an event loop, and the Vert.x client calls back on
 * that loop, so the {@link Sink} is called there, one call at a time; {@link #close} likewise.
 * After {@link Sink#ended} or {@link #close} the sink is not called again.
 */
public final class StreamRelay {

    /** Where the relayed stream goes. Called on the loop that started the relay. */
    public interface Sink {

        /** One whole event ({@code event:}, {@code id:}, {@code data:} lines and the blank line). */
        void event(Buffer event);

        /** The other node has sent its initial events. */
        void synced();

        /** The stream ended or failed (the other node died, went silent, or refused); nothing more comes. */
        void ended(Throwable cause);
    }

    private static final byte NEWLINE = '\n';

    private final PeerClient peers;
    private final String address;
    private final String uri;
    private final String self;
    private final String authorization;
    private final Duration idle;
    private final Sink sink;
    private Buffer pending = Buffer.buffer();
    private HttpClientRequest request;
    private boolean over;

    /**
     * @param address the other node's HTTP address
     * @param uri the path and query to ask for
     * @param idle how long the stream may go without a byte (keep-alives included) before it is
     *     given up as dead
     */
    /** @param authorization the client's {@code Authorization} header to carry, or null for the node token */
    StreamRelay(PeerClient peers, String address, String uri, String self, String authorization, Duration idle,
            Sink sink) {
        this.peers = peers;
        this.authorization = authorization;
        this.address = address;
        this.uri = uri;
        this.self = self;
        this.idle = idle;
        this.sink = sink;
    }

    private MultiMap headers() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(PeerClient.FORWARDED_HEADER, self);
        if (authorization != null) {
            headers.set("Authorization", authorization);
        }
        return headers;
    }

    void start() {
        int colon = address.lastIndexOf(':');
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(address.substring(0, colon))
                .setPort(Integer.parseInt(address.substring(colon + 1))).setURI(uri)
                .setHeaders(peers.withNodeToken(headers()))
                .setIdleTimeout(idle.toMillis());
        peers.held().request(options).onSuccess(r -> {
            if (over) {
                r.reset();
                return;
            }
            request = r;
            r.send().onSuccess(this::answered).onFailure(this::end);
        }).onFailure(this::end);
    }

    private void answered(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            response.body().onComplete(body -> end(new PeerException(address, response.statusCode(),
                    body.succeeded() ? body.result().toString() : "")));
            return;
        }
        response.handler(this::data);
        response.exceptionHandler(this::end);
        response.endHandler(v -> end(new PeerException(address, 200, "the stream ended")));
    }

    private void data(Buffer chunk) {
        if (over) {
            return;
        }
        pending.appendBuffer(chunk);
        int start = 0;
        int length = pending.length();
        for (int i = 1; i < length; i++) {
            if (pending.getByte(i) == NEWLINE && pending.getByte(i - 1) == NEWLINE) {
                Buffer event = pending.getBuffer(start, i + 1);
                start = i + 1;
                if (event.getByte(0) == ':') {
                    continue; // a keep-alive comment
                }
                if (event.toString().startsWith("event: synced\n")) {
                    sink.synced();
                } else {
                    sink.event(event);
                }
                if (over) {
                    return;
                }
            }
        }
        pending = start == 0 ? pending : pending.getBuffer(start, length);
    }

    private void end(Throwable cause) {
        if (over) {
            return;
        }
        over = true;
        sink.ended(cause);
    }

    /** Stops reading: the request is reset, and the sink hears nothing more. */
    public void close() {
        over = true;
        if (request != null) {
            request.reset();
        }
    }
}
