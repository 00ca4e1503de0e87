package io.cairn.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.InstanceView;
import io.cairn.api.WatchEvent;
import io.cairn.api.WatchState;
import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.Instance;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.Change;
import io.cairn.server.watch.StreamFormat;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Watch events as server-sent events (docs/api.md, "Watches"): {@code event:} names the kind,
 * {@code id:} is the revision ({@code service:revision} on a multi-service stream), {@code data:}
 * one line of JSON.
 */
final class SseFormat implements StreamFormat {

    private static final Buffer HEARTBEAT = Buffer.buffer(": keep-alive\n\n");
    private static final Buffer SYNCED = Buffer.buffer("event: synced\ndata: {}\n\n");

    private final ObjectMapper json;
    /**
     * The last change encoded, per id style: every watcher of a service gets the same change
     * object in a row, so one encoding serves them all. One instance per event loop (see
     * {@link WatchRoutes}), used on that loop only, hence plain fields.
     */
    private Change lastChange;
    private Buffer lastSingle;
    private Buffer lastMulti;

    SseFormat(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Buffer change(Change c, boolean multi) {
        if (c != lastChange) {
            lastChange = c;
            lastSingle = null;
            lastMulti = null;
        }
        if (multi) {
            return lastMulti != null ? lastMulti : (lastMulti = encode(c, true));
        }
        return lastSingle != null ? lastSingle : (lastSingle = encode(c, false));
    }

    private Buffer encode(Change c, boolean multi) {
        WatchEvent event = new WatchEvent(c.service().namespace(), c.service().service(), c.revision(),
                c.previous(), c.kind().wireName(), c.reason().wireName(), InstanceRoutes.view(c.instance()));
        return event(c.kind().wireName(), id(c.service(), c.revision(), multi), event);
    }

    @Override
    public Buffer state(ServiceKey key, ServiceState state, boolean reset, boolean multi) {
        long revision = state == null ? 0 : state.revision();
        List<InstanceView> views = new ArrayList<>(state == null ? 0 : state.size());
        if (state != null) {
            for (Instance i : state.instances()) {
                views.add(InstanceRoutes.view(i));
            }
        }
        return event("state", id(key, revision, multi),
                new WatchState(key.namespace(), key.service(), revision, reset, views));
    }

    @Override
    public Buffer synced() {
        return SYNCED;
    }

    @Override
    public Buffer heartbeat() {
        return HEARTBEAT;
    }

    private static String id(ServiceKey key, long revision, boolean multi) {
        return multi ? key.service() + ":" + revision : Long.toString(revision);
    }

    private Buffer event(String name, String id, Object data) {
        try {
            // JSON from Jackson has no raw newlines (they are escaped in strings), so one data line.
            return Buffer.buffer(128).appendString("event: ").appendString(name).appendString("\nid: ")
                    .appendString(id).appendString("\ndata: ").appendBytes(json.writeValueAsBytes(data))
                    .appendString("\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a watch event", e);
        }
    }
}
