package io.cairn.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.WatchEvent;
import io.cairn.api.WatchState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A {@link Watch} of one service over {@code GET /v1/watch/services/{service}}, resuming with
 * {@code Last-Event-ID}. Connection handling is {@link SseWatch}'s; this class knows what the
 * events mean and checks each change's {@code previous} against the last revision delivered.
 */
final class ServiceWatch extends SseWatch implements Watch {

    private final String path;
    private final WatchListener listener;
    private volatile long lastRevision;

    // Loop-confined.
    /** A gap was seen: the next connection asks for the whole state and delivers it as a reset. */
    private boolean resync;
    /** The connection now open was opened with {@code resync}: its state is a reset. */
    private boolean resyncing;

    ServiceWatch(HttpClient http, String token, Endpoints endpoints, String path, Duration headerTimeout, ObjectMapper json,
            ClientLoop loop, WatchOptions options, long since, WatchListener listener,
            Consumer<SseWatch> onClose) {
        super(http, token, endpoints, headerTimeout, json, loop, options, onClose);
        this.path = path;
        this.lastRevision = since < 0 ? -1 : since;
        this.listener = listener;
    }

    @Override
    public long lastRevision() {
        return lastRevision;
    }

    @Override
    HttpRequest.Builder request(URI base) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        resyncing = resync;
        resync = false;
        if (!resyncing && lastRevision >= 0) {
            b.header("Last-Event-ID", Long.toString(lastRevision));
        }
        return b;
    }

    @Override
    boolean event(SseEvent event) throws IOException {
        switch (event.type()) {
            case "state" -> {
                WatchState s = json.readValue(event.data(), WatchState.class);
                WatchState state = resyncing && !s.reset()
                        ? new WatchState(s.namespace(), s.service(), s.revision(), true, s.instances()) : s;
                resyncing = false;
                lastRevision = state.revision();
                listener.onState(state);
            }
            case "registered", "updated", "deregistered", "health" -> {
                WatchEvent change = json.readValue(event.data(), WatchEvent.class);
                long last = lastRevision;
                if (last >= 0 && change.previous() != last) {
                    // The registry promises this never happens within a stream; if it does, a
                    // fresh state is the only way not to hand the listener a hole.
                    resync = true;
                    return false;
                }
                lastRevision = change.revision();
                listener.onChange(change);
            }
            default -> {
                // "synced", "services" and unnamed events belong to other stream kinds
            }
        }
        return true;
    }

    @Override
    void opened() {
        listener.onConnect();
    }

    @Override
    void lost(Throwable cause) {
        listener.onDisconnect(cause);
    }

    @Override
    String describe() {
        return path;
    }
}
