package io.cairn.server.watch;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
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

    private final WatchLoop loop;
    private final HttpServerResponse response;
    private final Watcher owner;
    private long lastWriteNanos;
    private boolean closed;
    /** Run once when the stream closes, after the owner's own {@code onClose}. */
    private final List<Runnable> whenClosed = new ArrayList<>(0);

    SseChannel(WatchLoop loop, HttpServerResponse response, Watcher owner) {
        this.loop = loop;
        this.lastWriteNanos = loop.hub().ticker().nanos();
        this.response = response;
        this.owner = owner;
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
        if (response.writeQueueFull()) {
            // The reader is too slow: cut it rather than buffer without bound. It reconnects
            // with its last event id and gets what it missed (or a reset).
            loop.hub().overflowed();
            cut(onClose);
            return;
        }
        lastWriteNanos = loop.hub().ticker().nanos();
        response.write(data);
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
