package io.cairn.server.watch;

import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.Change;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A stream of a namespace's service list: the whole list first (unless the client's
 * Last-Event-ID already is the current index), then again after each burst of changes in the
 * namespace, at most once per window. Threading: the owning loop's thread.
 */
public final class ListStream implements Watcher {

    private final WatchLoop loop;
    private final HttpServerResponse response;
    private final String namespace;
    private final LongSupplier index;
    private final Supplier<Buffer> render;
    private final Duration window;
    private long lastIndex;
    private long timer = -1;
    private long lastWriteNanos = System.nanoTime();
    private boolean closed;

    /**
     * @param index the namespace's list index now
     * @param render the list as one SSE event (its id the index)
     * @param window how long a burst of changes may gather before the list is sent again
     */
    public ListStream(WatchLoop loop, HttpServerResponse response, String namespace, LongSupplier index,
            Supplier<Buffer> render, Duration window) {
        this.loop = loop;
        this.response = response;
        this.namespace = namespace;
        this.index = index;
        this.render = render;
        this.window = window;
    }

    /** Registers and sends the list unless {@code since} is already the current index. */
    public void open(Long since) {
        loop.register(this);
        Buffer first;
        try {
            long now = index.getAsLong();
            first = since != null && since == now ? null : render.get();
            lastIndex = now;
        } catch (RuntimeException e) {
            loop.unregister(this);
            throw e;
        }
        response.setChunked(true).setWriteQueueMaxSize(loop.hub().settings().streamBufferBytes())
                .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> close());
        response.exceptionHandler(e -> close());
        write(first != null ? first : Buffer.buffer(": keep-alive\n\n"));
    }

    @Override
    public Set<ServiceKey> services() {
        return Set.of();
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public void onChange(Change change) {
        if (!closed && timer < 0) {
            timer = loop.context().owner().setTimer(Math.max(1, window.toMillis()), id -> sendIfChanged());
        }
    }

    @Override
    public void onReset(ServiceKey service) {
        onChange(null);
    }

    private void sendIfChanged() {
        timer = -1;
        if (closed) {
            return;
        }
        try {
            long now = index.getAsLong();
            if (now != lastIndex) {
                lastIndex = now;
                write(render.get());
            }
        } catch (RuntimeException e) {
            cut();
        }
    }

    @Override
    public void onHeartbeat(long nowNanos) {
        if (!closed && nowNanos - lastWriteNanos >= loop.hub().settings().heartbeat().toNanos() / 2) {
            write(Buffer.buffer(": keep-alive\n\n"));
        }
    }

    private void write(Buffer data) {
        if (closed) {
            return;
        }
        if (response.writeQueueFull()) {
            loop.hub().overflowed();
            cut();
            return;
        }
        lastWriteNanos = System.nanoTime();
        response.write(data);
        loop.hub().sent();
    }

    private void cut() {
        close();
        response.reset();
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer >= 0) {
            loop.context().owner().cancelTimer(timer);
        }
        loop.unregister(this);
    }
}
