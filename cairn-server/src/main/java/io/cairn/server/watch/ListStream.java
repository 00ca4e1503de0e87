package io.cairn.server.watch;

import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.Change;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A stream of a namespace's service list: the whole list first (unless the client's
 * Last-Event-ID already is the current index), then again after each burst of changes in the
 * namespace, at most once per window. Threading: the owning loop's thread.
 */
public final class ListStream implements Watcher {

    private final WatchLoop loop;
    private final String namespace;
    private final Predicate<ServiceKey> scope;
    private final LongSupplier index;
    private final Supplier<Buffer> render;
    private final Duration window;
    private long lastIndex;
    private final SseChannel channel;
    private long timer = -1;

    /**
     * @param scope the services whose changes may move the list (those its caller may read): a
     *     change of any other wakes nothing, not even the window's timer
     * @param index the namespace's list index now (over the services in {@code scope})
     * @param render the list as one SSE event (its id the index)
     * @param window how long a burst of changes may gather before the list is sent again
     */
    public ListStream(WatchLoop loop, HttpServerResponse response, String namespace,
            Predicate<ServiceKey> scope, LongSupplier index,
            Supplier<Buffer> render, Duration window) {
        this.loop = loop;
        this.namespace = namespace;
        this.scope = scope;
        this.index = index;
        this.render = render;
        this.window = window;
        this.channel = new SseChannel(loop, response, this);
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
        channel.open(first != null ? first : Buffer.buffer(), first != null ? 1 : 0, this::stopTimer);
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
        if (change != null && !scope.test(change.service())) {
            return;
        }
        if (!channel.isClosed() && timer < 0) {
            timer = loop.context().owner().setTimer(Math.max(1, window.toMillis()), id -> sendIfChanged());
        }
    }

    @Override
    public void onReset(ServiceKey service) {
        if (!channel.isClosed() && timer < 0 && scope.test(service)) {
            timer = loop.context().owner().setTimer(Math.max(1, window.toMillis()), id -> sendIfChanged());
        }
    }

    private void sendIfChanged() {
        timer = -1;
        if (channel.isClosed()) {
            return;
        }
        try {
            long now = index.getAsLong();
            if (now != lastIndex) {
                lastIndex = now;
                channel.write(render.get(), this::stopTimer);
            }
        } catch (RuntimeException e) {
            channel.cut(this::stopTimer);
        }
    }

    @Override
    public void onHeartbeat(long nowNanos) {
        channel.heartbeat(nowNanos, this::stopTimer);
    }

    private void stopTimer() {
        if (timer >= 0) {
            loop.context().owner().cancelTimer(timer);
            timer = -1;
        }
    }
}
