package io.cairn.api;

import java.util.List;

/**
 * A service's whole state as a watch stream sends it (SSE event {@code state}): first on a new
 * stream, and again, with {@code reset} true, when the stream cannot send the missed changes
 * (the history no longer reaches back, or the asked revision is unknown here). A receiver
 * replaces its view of the service with this.
 */
public record WatchState(String namespace, String service, long revision, boolean reset,
        List<InstanceView> instances) {
}
