package io.cairn.client;

import io.cairn.api.WatchEvent;
import io.cairn.api.WatchState;

/**
 * Receives one service's watch ({@link CairnClient#watch}).
 *
 * <p>Threading: every method of every listener of one {@link CairnClient} is called on that
 * client's one watch thread, one call at a time, in the order the events happened; none starts
 * after the watch's {@link Watch#close()} returned. Calls should return quickly: while one runs, no
 * other watch of the client is served (a slow listener makes the registry cut its stream, which
 * the watch then resumes). A listener may call the client, including blocking calls, and may
 * close its own watch. If a method throws, the watch stops and {@link Watch#terminated()}
 * completes with that exception; nothing is skipped silently.
 *
 * <p>Order: {@link #onConnect()} each time a stream opens, then a {@link #onState state} first
 * (unless the watch was started with a {@code since} revision the registry still has changes
 * after), then each {@link #onChange change}; {@link #onDisconnect} when the stream drops or
 * cannot be opened, then {@code onConnect} again once it is back, followed by what was missed.
 * All methods do nothing by default.
 */
public interface WatchListener {

    /**
     * The service's whole state: replace the view of it with this. {@code reset()} is true when
     * it follows a gap (the registry's history no longer reached back to the revision the watch
     * resumed from, or it had never reached it): changes were missed and are folded into it.
     */
    default void onState(WatchState state) {
    }

    /**
     * One change. Its {@code previous()} is the revision of the state or change delivered just
     * before it; the watch checks that, and reconnects for a fresh state rather than deliver a gap.
     */
    default void onChange(WatchEvent event) {
    }

    /**
     * A stream is open: what follows is live. After a disconnect, the changes missed meanwhile
     * (or a reset state) come right after this call.
     */
    default void onConnect() {
    }

    /**
     * The stream dropped or could not be opened; the watch retries after a backoff. Called on
     * every failed attempt, so an outage gives one call per attempt. {@code cause} is a
     * {@link RegistryUnreachableException} (no connection, the stream ended or went silent), a
     * {@link CairnClientException} (the registry answered an error status, e.g. 503 while a
     * partition elects a leader), or a {@code java.io.IOException} for an event that is not valid
     * JSON. A refusal that retrying cannot fix ends the watch instead (see
     * {@link Watch#terminated()}) and is reported there, not here.
     */
    default void onDisconnect(Throwable cause) {
    }
}
