package io.cairn.server.watch;

import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.Change;
import io.cairn.core.watch.ChangeKind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One server-sent event stream: one service, several, or a whole namespace.
 *
 * <p>Per service it remembers the last revision it sent, so every change is sent once, in order,
 * however the initial state and the live changes interleave. A reader that falls behind by more
 * than the stream buffer is cut (it reconnects and resumes by revision); it never slows the
 * writers or other streams.
 *
 * <p>Threading: everything runs on the owning loop's thread.
 */
public final class EventStream implements Watcher {

    private final WatchLoop loop;
    private final Set<ServiceKey> services;
    private final String namespace;
    private final boolean multi;
    private final Predicate<ServiceKey> scope;
    private BooleanSupplier servable = () -> true;
    private final Function<ServiceKey, ServiceState> reader;
    private final StreamFormat format;
    private final Duration coalesce;
    private final Map<ServiceKey, Long> lastSent = new HashMap<>();
    /** Coalescing: the merged pending change per instance, until the window closes. */
    private final Map<String, Change> pending = new LinkedHashMap<>();
    private final SseChannel channel;
    private long flushTimer = -1;

    /**
     * @param services the services to watch, or empty with {@code namespace} set for all of it
     * @param coalesce window within which changes merge into one event per instance; zero for none
     */
    public EventStream(WatchLoop loop, HttpServerResponse response, Set<ServiceKey> services, String namespace,
            Function<ServiceKey, ServiceState> reader, StreamFormat format, Duration coalesce) {
        this(loop, response, services, namespace, k -> true, namespace != null || services.size() != 1, reader, format,
                coalesce);
    }

    /**
     * A stream that carries part of what it watches, or events relayed from other nodes beside
     * its own (see {@link #relay}).
     *
     * @param scope for a namespace-wide stream, the services it carries (e.g. those of the
     *     partitions this node holds); changes of others are ignored
     * @param multi whether events are in the multi-service format ({@code id: service:revision},
     *     {@code synced} after the initial events)
     */
    public EventStream(WatchLoop loop, HttpServerResponse response, Set<ServiceKey> services, String namespace,
            Predicate<ServiceKey> scope, boolean multi, Function<ServiceKey, ServiceState> reader, StreamFormat format,
            Duration coalesce) {
        this.loop = loop;
        this.services = services;
        this.namespace = namespace;
        this.scope = scope;
        this.multi = multi;
        this.reader = reader;
        this.format = format;
        this.coalesce = coalesce;
        this.channel = new SseChannel(loop, response, this);
    }

    /**
     * Writes the events of this HTTP/1.1 stream straight to its connection once the headers are
     * out (see {@code SseChannel#direct}); call before {@link #open}.
     */
    public EventStream direct(HttpServerRequest request) {
        channel.direct(request);
        return this;
    }

    /**
     * Registers the stream and sends the initial events: for each service, the changes after the
     * revision in {@code since} when the history has them, else its state (marked as a reset when
     * a resume was asked for). Reads can fail (partition unavailable): then nothing was written,
     * the stream is unregistered, and the exception propagates for the caller to answer.
     *
     * @param initial the services to start with (for a namespace stream: its current services)
     */
    public void open(Collection<ServiceKey> initial, Map<ServiceKey, Long> since) {
        open(initial, since, multi);
    }

    /**
     * Like {@link #open(Collection, Map)}; with {@code synced} false the {@code synced} event is
     * left to the caller (a merged stream sends it once every part has sent its initial events).
     */
    public void open(Collection<ServiceKey> initial, Map<ServiceKey, Long> since, boolean synced) {
        loop.register(this);
        List<Buffer> first = new ArrayList<>();
        try {
            for (ServiceKey key : initial) {
                ServiceState state = reader.apply(key);
                Long from = since.get(key);
                List<Change> missed = from == null ? null : loop.hub().changesSince(key, from, state);
                if (missed != null) {
                    long last = from;
                    for (Change c : missed) {
                        first.add(format.change(c, multi));
                        last = c.revision();
                    }
                    lastSent.put(key, last);
                } else {
                    first.add(format.state(key, state, from != null, multi));
                    lastSent.put(key, state == null ? 0 : state.revision());
                }
            }
        } catch (RuntimeException e) {
            loop.unregister(this);
            throw e;
        }
        if (synced) {
            first.add(format.synced());
        }
        Buffer all = Buffer.buffer();
        for (Buffer b : first) {
            all.appendBuffer(b);
        }
        channel.open(all, first.size(), this::stopTimer);
    }

    /**
     * Writes events another node sent for services this stream does not carry itself (already
     * encoded, ids included), unless the stream is closed. On the loop's thread.
     */
    public void relay(Buffer events) {
        channel.write(events, this::stopTimer);
    }

    /** Ends the stream abruptly, so that its client reconnects and resumes. On the loop's thread. */
    public void cut() {
        channel.cut(this::stopTimer);
    }

    public boolean isClosed() {
        return channel.isClosed();
    }

    /**
     * Makes the stream end itself (cut, so that its client resumes elsewhere or here by
     * revision) once {@code condition} no longer holds, checked at every keep-alive tick
     * ({@code watch-keepalive}): e.g. this node no longer holds a replica of a partition the
     * stream serves from its own replicas, whose changes would otherwise stop arriving unnoticed.
     * Call before {@link #open}.
     */
    public void servedWhile(BooleanSupplier condition) {
        this.servable = condition;
    }

    /** Runs {@code action} once when the stream closes (client gone, cut, or too slow). On the loop's thread. */
    public void whenClosed(Runnable action) {
        channel.whenClosed(action);
    }

    @Override
    public Set<ServiceKey> services() {
        return services;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public void onChange(Change change) {
        if (channel.isClosed() || !scope.test(change.service())) {
            return;
        }
        Long last = lastSent.get(change.service());
        if (last != null && change.revision() <= last) {
            return; // already in the state or the changes this stream sent
        }
        if (coalesce.isZero()) {
            send(change);
            return;
        }
        pending.merge(change.service() + "/" + change.instanceId(), change, EventStream::merge);
        if (flushTimer < 0) {
            flushTimer = loop.context().owner().setTimer(Math.max(1, coalesce.toMillis()), id -> flush());
        }
    }

    /**
     * Two changes of one instance as one: the latest content, "registered" if it was new, and
     * "updated" if its content changed besides its health.
     */
    private static Change merge(Change earlier, Change later) {
        boolean keepEarlierKind = (earlier.kind() == ChangeKind.REGISTERED
                && (later.kind() == ChangeKind.UPDATED || later.kind() == ChangeKind.HEALTH))
                || (earlier.kind() == ChangeKind.UPDATED && later.kind() == ChangeKind.HEALTH);
        return keepEarlierKind
                ? new Change(later.service(), later.revision(), earlier.previous(), earlier.kind(), earlier.reason(),
                        later.instance())
                : new Change(later.service(), later.revision(), earlier.previous(), later.kind(), later.reason(),
                        later.instance());
    }

    private void flush() {
        flushTimer = -1;
        if (channel.isClosed()) {
            return;
        }
        List<Change> batch = new ArrayList<>(pending.values());
        pending.clear();
        batch.sort((a, b) -> Long.compare(a.revision(), b.revision()));
        for (Change c : batch) {
            // Re-chain: each event's "previous" is the revision this stream sent last for the service.
            Long last = lastSent.get(c.service());
            long previous = last == null ? c.previous() : last;
            send(previous == c.previous() ? c
                    : new Change(c.service(), c.revision(), Math.min(previous, c.revision() - 1), c.kind(), c.reason(),
                            c.instance()));
        }
    }

    private void send(Change change) {
        lastSent.put(change.service(), change.revision());
        channel.write(format.change(change, multi), this::stopTimer);
    }

    @Override
    public void onReset(ServiceKey key) {
        if (channel.isClosed() || !scope.test(key)) {
            return;
        }
        pending.keySet().removeIf(k -> k.startsWith(key + "/"));
        ServiceState state;
        try {
            state = reader.apply(key);
        } catch (RuntimeException e) {
            channel.cut(this::stopTimer);
            return;
        }
        lastSent.put(key, state == null ? 0 : state.revision());
        channel.write(format.state(key, state, true, multi), this::stopTimer);
    }

    @Override
    public void onHeartbeat(long nowNanos) {
        if (!channel.isClosed() && !servable.getAsBoolean()) {
            cut();
            return;
        }
        channel.heartbeat(nowNanos, this::stopTimer);
    }

    private void stopTimer() {
        if (flushTimer >= 0) {
            loop.context().owner().cancelTimer(flushTimer);
            flushTimer = -1;
        }
    }
}
