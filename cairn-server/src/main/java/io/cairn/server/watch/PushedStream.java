package io.cairn.server.watch;

import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.Change;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Set;

/**
 * A server-sent event stream whose events its owner pushes (e.g. listings gathered from other
 * nodes), rather than the watch loop's changes: the loop gives it only its keep-alive ticks, and
 * it has the same bounded writes and slow-reader cut as every stream.
 *
 * <p>Threading: the owning loop's thread only.
 */
public final class PushedStream implements Watcher {

    private final WatchLoop loop;
    private final SseChannel channel;

    public PushedStream(WatchLoop loop, HttpServerResponse response) {
        this.loop = loop;
        this.channel = new SseChannel(loop, response, this);
    }

    /** Registers for keep-alives and sends the headers with {@code first} (empty: none yet). */
    public void open(Buffer first) {
        loop.register(this);
        channel.open(first, first.length() == 0 ? 0 : 1, this::closed);
    }

    /** Sends one event, unless the stream is closed. */
    public void push(Buffer event) {
        channel.write(event, this::closed);
    }

    /** Ends the stream abruptly, so that its client reconnects and resumes. */
    public void cut() {
        channel.cut(this::closed);
    }

    public boolean isClosed() {
        return channel.isClosed();
    }

    /** Runs {@code action} once when the stream closes (client gone, cut, or too slow). */
    public void whenClosed(Runnable action) {
        channel.whenClosed(action);
    }

    /** Nothing of its own to release: the owner's {@link #whenClosed} actions do that. */
    private void closed() {
    }

    @Override
    public Set<ServiceKey> services() {
        return Set.of();
    }

    @Override
    public String namespace() {
        return null;
    }

    @Override
    public void onChange(Change change) {
        // Registered for nothing: no change is delivered here.
    }

    @Override
    public void onReset(ServiceKey service) {
        // Registered for nothing: no reset is delivered here.
    }

    @Override
    public void onHeartbeat(long nowNanos) {
        channel.heartbeat(nowNanos, this::closed);
    }
}
