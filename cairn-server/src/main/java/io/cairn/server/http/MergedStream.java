package io.cairn.server.http;

import io.cairn.server.cluster.StreamRelay;
import io.cairn.server.watch.EventStream;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-service or namespace stream on a node that holds only some of the partitions it
 * covers: the {@link EventStream} of this node's own partitions, into which the streams of the
 * other partitions, read from their leaders ({@link StreamRelay}), are relayed event by event.
 *
 * <p>Every event names one service and carries that service's revision ({@code id:
 * service:revision}), the same on every replica; a service lives in exactly one partition, and
 * each part sends its services' events in revision order. So the merged stream needs no ids of
 * its own: a client resumes it, on this node or any other, with the same {@code since} (or
 * {@code Last-Event-ID}) it would give a node that holds everything, and each part gets the
 * entries of its own services. Events of different partitions interleave in arrival order.
 * {@code synced} is sent once, after every part has sent its initial events (live changes of
 * services already sent may come before it).
 *
 * <p>When any part ends (its leader died, went silent, moved, or refused), the whole stream is
 * cut: the client reconnects and resumes by revision, so nothing is skipped; a part's events are
 * never silently missing. When the client goes, every part is closed.
 *
 * <p>Threading: the owning loop's thread (relays call back there).
 */
final class MergedStream {

    private final EventStream stream;
    private final Buffer synced;
    private final List<StreamRelay> relays = new ArrayList<>();
    private int unsynced;

    /**
     * @param stream this node's part, already open (without its own {@code synced})
     * @param synced the {@code synced} event to send once every part is synced
     * @param parts how many relays will be {@link #add added}
     */
    MergedStream(EventStream stream, Buffer synced, int parts) {
        this.stream = stream;
        this.synced = synced;
        this.unsynced = parts;
        stream.whenClosed(this::closeRelays);
        if (parts == 0) {
            stream.relay(synced);
        }
    }

    /** The sink for one relayed part. */
    StreamRelay.Sink part() {
        return new StreamRelay.Sink() {
            private boolean partSynced;

            @Override
            public void event(Buffer event) {
                stream.relay(event);
            }

            @Override
            public void synced() {
                if (!partSynced) {
                    partSynced = true;
                    if (--unsynced == 0) {
                        stream.relay(synced);
                    }
                }
            }

            @Override
            public void ended(Throwable cause) {
                stream.cut();
            }
        };
    }

    /** Adopts a started relay, closing it at once when the stream has already ended. */
    void add(StreamRelay relay) {
        if (stream.isClosed()) {
            relay.close();
        } else {
            relays.add(relay);
        }
    }

    private void closeRelays() {
        relays.forEach(StreamRelay::close);
        relays.clear();
    }
}
