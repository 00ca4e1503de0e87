package io.cairn.server.http;

import io.cairn.server.watch.PushedStream;
import io.cairn.server.watch.WatchLoop;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.function.Function;

/**
 * The service-list stream ({@code GET /v1/watch/services}) on a node that holds only some
 * partitions: a chain of gathered blocking reads ({@link GatheredListing}), each from the index
 * the last one answered, so a change in any partition, here or at another partition's leader,
 * sends the list again, and nothing else does. After each answer the next read waits for the
 * stream's window, so a burst of changes costs one list (and one round of peer requests) per
 * window. Event ids are the list index, the same sum of revisions (of the services the caller may
 * read) every node gives: resuming with {@code Last-Event-ID} on any node skips the first list
 * when nothing the caller may read changed since.
 *
 * <p>When a read fails (a partition's part cannot be had), the stream is cut and its client
 * reconnects. Threading: the owning loop's thread; reads complete elsewhere and hop back.
 */
final class GatheredListStream {

    /** How long one read in the chain waits before it is renewed; any length works. */
    private static final Duration ROUND_WAIT = Duration.ofMinutes(5);

    private final GatheredListing gathered;
    private final WatchLoop loop;
    private final PushedStream stream;
    private final String namespace;
    private final GatheredListing.Reader reader;
    private final Duration window;
    private final Function<ServiceListing, Buffer> render;
    private long lastIndex;
    private GatheredListing.Hold hold;

    /**
     * @param reader whom the list is for: only what it may read is listed, counted and followed
     * @param window how long after a list is sent the next one may be
     * @param render a listing as one server-sent event, its id the index
     */
    GatheredListStream(GatheredListing gathered, WatchLoop loop, PushedStream stream, String namespace,
            GatheredListing.Reader reader, Duration window, Function<ServiceListing, Buffer> render) {
        this.gathered = gathered;
        this.loop = loop;
        this.stream = stream;
        this.namespace = namespace;
        this.reader = reader;
        this.window = window;
        this.render = render;
    }

    /**
     * Sends {@code first} (unless {@code since} already is its index) and starts following.
     * Call on the loop's thread.
     */
    void open(Long since, ServiceListing first) {
        lastIndex = first.index();
        stream.open(since != null && since == lastIndex ? Buffer.buffer() : render.apply(first));
        stream.whenClosed(() -> {
            if (hold != null) {
                hold.abandon();
                hold = null;
            }
        });
        next();
    }

    private void next() {
        if (stream.isClosed()) {
            return;
        }
        GatheredListing.Hold h = gathered.hold(namespace, reader, lastIndex, ROUND_WAIT);
        hold = h;
        h.answer().whenComplete((listing, e) -> loop.context().runOnContext(v -> answered(h, listing, e)));
    }

    private void answered(GatheredListing.Hold h, ServiceListing listing, Throwable e) {
        if (h != hold || stream.isClosed()) {
            return;
        }
        hold = null;
        if (e != null) {
            stream.cut();
            return;
        }
        if (listing.index() != lastIndex) {
            lastIndex = listing.index();
            stream.push(render.apply(listing));
        }
        loop.context().owner().setTimer(Math.max(1, window.toMillis()), id -> next());
    }
}
