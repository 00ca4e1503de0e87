package io.cairn.server.watch;

import io.cairn.core.catalog.ServiceState;
import io.cairn.core.model.ServiceKey;
import io.cairn.core.watch.Change;
import io.vertx.core.buffer.Buffer;

/**
 * How an {@link EventStream} writes its events on the wire (server-sent events in the HTTP
 * layer). Implementations are stateless and thread safe.
 */
public interface StreamFormat {

    /** A change event. {@code multi}: the stream carries several services (ids name the service). */
    Buffer change(Change change, boolean multi);

    /** A whole-state event; {@code state} may be null (the service has never existed). */
    Buffer state(ServiceKey key, ServiceState state, boolean reset, boolean multi);

    /** The marker after a multi-service stream's initial states. */
    Buffer synced();

    /** A comment line that keeps an idle connection open. */
    Buffer heartbeat();
}
