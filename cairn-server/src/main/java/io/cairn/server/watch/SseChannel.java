package io.cairn.server.watch;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The writing end of one server-sent event stream, shared by {@link EventStream} and
 * {@link ListStream}: headers, bounded writes (a reader that falls behind by more than the
 * stream buffer is cut and counted), heartbeats, and closing.
 *
 * <p>Threading: the owning loop's thread only.
 */
final class SseChannel {

    private static final Buffer HEARTBEAT = Buffer.buffer(": keep-alive\n\n");
    /** {@link #HEARTBEAT} as one HTTP/1.1 chunk, for {@link #direct} writes. */
    private static final ByteBuf HEARTBEAT_CHUNK = Unpooled.unreleasableBuffer(chunk(HEARTBEAT));
    /** The name Vert.x gives its HTTP/1.x response encoder in a connection's pipeline. */
    private static final String ENCODER = "httpEncoder";

    private final WatchLoop loop;
    private final HttpServerResponse response;
    private final Watcher owner;
    private long lastWriteNanos;
    private boolean closed;
    /** Run once when the stream closes, after the owner's own {@code onClose}. */
    private final List<Runnable> whenClosed = new ArrayList<>(0);
    /** Where {@link #direct} writes will go once the headers are out; null: through Vert.x. */
    private ChannelHandlerContext directCandidate;
    /** The pipeline context below Vert.x's HTTP encoder, once writes go there; else null. */
    private ChannelHandlerContext direct;

    SseChannel(WatchLoop loop, HttpServerResponse response, Watcher owner) {
        this.loop = loop;
        this.lastWriteNanos = loop.hub().ticker().nanos();
        this.response = response;
        this.owner = owner;
    }

    /**
     * After the headers, writes this HTTP/1.1 stream's events as ready-made chunks straight into
     * the connection's pipeline below Vert.x's response encoder instead of through
     * {@link HttpServerResponse#write}: one change reaches hundreds of streams on a loop, and Vert.x's
     * write path and the encoder's chunk framing, per stream, were most of the fan-out's CPU
     * (docs/benchmarks.md, "Change propagation"). The chunk is framed once per event and loop
     * ({@link WatchLoop#chunk}) and shared. The bytes on the wire are those Vert.x would send;
     * the end of the stream still goes through Vert.x, whose encoder is still in its chunked
     * state. HTTP/2 streams, and connections whose pipeline is not the expected one, keep the
     * Vert.x path. Call before {@link #open}.
     */
    void direct(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_1_1
                || !(request.connection() instanceof io.vertx.core.net.impl.ConnectionBase connection)) {
            return;
        }
        ChannelHandlerContext encoder = connection.channel().pipeline().context(ENCODER);
        if (encoder != null && encoder.handler() instanceof HttpResponseEncoder) {
            directCandidate = encoder;
        }
    }

    /** {@code data} as one HTTP/1.1 chunk: its size in hex, CRLF, the data, CRLF. */
    static ByteBuf chunk(Buffer data) {
        byte[] size = (Integer.toHexString(data.length()) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuf chunk = Unpooled.directBuffer(size.length + data.length() + 2);
        chunk.writeBytes(size).writeBytes(data.getBytes()).writeByte('\r').writeByte('\n');
        return chunk;
    }

    /**
     * Sends the headers with {@code first} (which holds {@code events} events: a resumed stream's
     * replay, or a state) and unregisters the owner when the client leaves.
     */
    void open(Buffer first, int events, Runnable onClose) {
        response.setChunked(true).setWriteQueueMaxSize(loop.hub().settings().streamBufferBytes())
                .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> close(onClose));
        response.exceptionHandler(e -> close(onClose));
        if (first.length() == 0) {
            write(HEARTBEAT, 0, onClose);
        } else {
            write(first, events, onClose);
        }
        // Vert.x wrote the head and the first chunk at once (a fresh connection is writable), so
        // nothing of its own is queued that a direct write could overtake.
        if (directCandidate != null && !closed && response.isChunked() && !response.writeQueueFull()
                && response.headWritten()) {
            direct = directCandidate;
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Writes one event, unless closed; cuts the stream instead when its reader is too far behind. */
    void write(Buffer data, Runnable onClose) {
        write(data, 1, onClose);
    }

    /**
     * Writes {@code events} events (0 for a keep-alive comment), unless closed; cuts the stream
     * instead when its reader is too far behind. Counts what it writes: every event, replayed
     * or live, and no keep-alive.
     */
    private void write(Buffer data, int events, Runnable onClose) {
        if (closed) {
            return;
        }
        if (direct != null ? !direct.channel().isWritable() : response.writeQueueFull()) {
            // The reader is too slow: cut it rather than buffer without bound. It reconnects
            // with its last event id and gets what it missed (or a reset).
            loop.hub().overflowed();
            cut(onClose);
            return;
        }
        lastWriteNanos = loop.hub().ticker().nanos();
        if (direct != null) {
            direct.writeAndFlush(data == HEARTBEAT ? HEARTBEAT_CHUNK.duplicate() : loop.chunk(data),
                    direct.voidPromise());
        } else {
            response.write(data);
        }
        loop.hub().sent(events);
    }

    /** A comment line when nothing was written for half the heartbeat interval. */
    void heartbeat(long nowNanos, Runnable onClose) {
        if (!closed && nowNanos - lastWriteNanos >= loop.hub().settings().heartbeat().toNanos() / 2) {
            write(HEARTBEAT, 0, onClose);
        }
    }

    /** Ends the stream abruptly: HTTP/2 resets the stream only, HTTP/1.x closes the connection. */
    void cut(Runnable onClose) {
        close(onClose);
        response.reset();
    }

    /** Marks closed, unregisters the owner and runs {@code onClose}, then the {@link #whenClosed} actions, once. */
    void close(Runnable onClose) {
        if (closed) {
            return;
        }
        closed = true;
        onClose.run();
        loop.unregister(owner);
        List<Runnable> actions = new ArrayList<>(whenClosed);
        whenClosed.clear();
        actions.forEach(Runnable::run);
    }

    /** Runs {@code action} once the stream closes (at once if it has). */
    void whenClosed(Runnable action) {
        if (closed) {
            action.run();
        } else {
            whenClosed.add(action);
        }
    }
}
