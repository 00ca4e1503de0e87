package io.cairn.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.WatchEvent;
import io.cairn.api.WatchState;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Many services of one namespace on one event stream ({@code GET /v1/watch?service=a&service=b}),
 * each with its own {@link WatchListener}, resumed per service with {@code ?since=a:5,b:7}. A
 * client watching fifty services holds one stream (one socket over HTTP/1.1), not fifty; the
 * registry keeps one stream's objects for all of them (about 300 bytes per service instead of
 * several KB).
 *
 * <p>Services are {@link #add added} as the application first needs them; the stream is then
 * reopened with the larger set (a few milliseconds later, so a burst of additions costs one
 * reconnect), resuming every service already watched from its last revision, so nothing is
 * missed. A stream holds at most {@link #MAX_SERVICES} services and a query of at most
 * {@link #MAX_QUERY_CHARS} characters; {@link #tryAdd} refuses beyond, and the caller opens
 * another stream.
 *
 * <p>Threading: {@code members} and each member's fields are confined to the loop thread; the
 * capacity counters are guarded by {@code this}.
 */
final class ServiceSetWatch extends SseWatch {

    /** The registry's limit of services per stream (docs/api.md, "Limits"). */
    static final int MAX_SERVICES = 1000;
    /** Under the registry's 64 KiB request line, with room for the path and namespace. */
    static final int MAX_QUERY_CHARS = 60_000;
    private static final long BATCH_MILLIS = 5;

    private final String namespace;
    private final Map<String, Member> members = new LinkedHashMap<>();

    // Guarded by this.
    private int count;
    private int queryChars;
    private boolean started;

    // Loop-confined.
    private boolean reconnectPending;

    ServiceSetWatch(HttpClient http, String token, Endpoints endpoints, String namespace, Duration headerTimeout, ObjectMapper json,
            ClientLoop loop, WatchOptions options, Consumer<SseWatch> onClose) {
        super(http, token, endpoints, headerTimeout, json, loop, options, onClose);
        this.namespace = namespace;
    }

    /** One watched service. */
    private static final class Member {
        final WatchListener listener;
        long lastRevision;
        /** A gap was seen: ask for its whole state next time, and deliver it as a reset. */
        boolean resync;
        boolean resyncing;

        Member(WatchListener listener, long since) {
            this.listener = listener;
            this.lastRevision = since < 0 ? -1 : since;
        }
    }

    /**
     * Adds {@code service}, to be watched after revision {@code since} (or from its whole state,
     * if negative). Returns false, changing nothing, when this stream is full.
     */
    boolean tryAdd(String service, long since, WatchListener listener) {
        // "&service=NAME" and, in since, "NAME%3AREVISION%2C" with up to 19 digits
        int chars = 2 * service.length() + 34;
        boolean first;
        synchronized (this) {
            if (count >= MAX_SERVICES || (count > 0 && queryChars + chars > MAX_QUERY_CHARS)) {
                return false;
            }
            count++;
            queryChars += chars;
            first = !started;
            started = true;
        }
        loop.execute(() -> {
            members.putIfAbsent(service, new Member(listener, since));
            if (!first) {
                scheduleReconnect();
            }
        });
        if (first) {
            start(); // queued after the member above: the first connection includes it
        }
        return true;
    }

    private void scheduleReconnect() {
        if (!reconnectPending) {
            reconnectPending = true;
            loop.schedule(Duration.ofMillis(BATCH_MILLIS), () -> {
                reconnectPending = false;
                if (hasConnection()) {
                    reconnect(); // while in backoff, the retry asks for the new set by itself
                }
            });
        }
    }

    @Override
    HttpRequest.Builder request(URI base) {
        StringBuilder uri = new StringBuilder("/v1/watch?ns=").append(enc(namespace));
        List<String> since = new ArrayList<>();
        for (Map.Entry<String, Member> e : members.entrySet()) {
            Member m = e.getValue();
            uri.append("&service=").append(enc(e.getKey()));
            m.resyncing = m.resync;
            m.resync = false;
            if (!m.resyncing && m.lastRevision >= 0) {
                since.add(e.getKey() + ":" + m.lastRevision);
            }
        }
        if (!since.isEmpty()) {
            uri.append("&since=").append(enc(String.join(",", since)));
        }
        return HttpRequest.newBuilder(base.resolve(uri.toString()));
    }

    @Override
    boolean event(SseEvent event) throws IOException {
        switch (event.type()) {
            case "state" -> {
                WatchState s = json.readValue(event.data(), WatchState.class);
                Member m = members.get(s.service());
                if (m == null) {
                    return true;
                }
                WatchState state = m.resyncing && !s.reset()
                        ? new WatchState(s.namespace(), s.service(), s.revision(), true, s.instances()) : s;
                m.resyncing = false;
                m.lastRevision = state.revision();
                m.listener.onState(state);
            }
            case "registered", "updated", "deregistered", "health" -> {
                WatchEvent change = json.readValue(event.data(), WatchEvent.class);
                Member m = members.get(change.service());
                if (m == null) {
                    return true;
                }
                if (m.lastRevision >= 0 && change.previous() != m.lastRevision) {
                    m.resync = true; // never within a stream, by the registry's promise; if so, refetch
                    return false;
                }
                m.lastRevision = change.revision();
                m.listener.onChange(change);
            }
            default -> {
                // "synced" marks the end of the initial states; nothing to do
            }
        }
        return true;
    }

    @Override
    void opened() {
        for (Member m : new ArrayList<>(members.values())) {
            m.listener.onConnect();
        }
    }

    @Override
    void lost(Throwable cause) {
        for (Member m : new ArrayList<>(members.values())) {
            m.listener.onDisconnect(cause);
        }
    }

    @Override
    String describe() {
        return "watch-set ns=" + namespace + " services=" + members.size();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The services this stream carries or is about to. */
    synchronized int size() {
        return count;
    }
}
