package io.cairn.api;

/**
 * One change as a watch stream sends it (SSE event {@code registered}, {@code updated},
 * {@code deregistered} or {@code health}; the SSE id is the revision).
 *
 * @param namespace the service's namespace
 * @param service the service
 * @param revision the service's revision after the change
 * @param previous the service's revision before it: equal to the revision of the change a
 *     receiver saw last, or something was missed
 * @param kind {@code registered}, {@code updated}, {@code deregistered} or {@code health}
 * @param reason why: {@code request} (a client asked), {@code expired} (an ephemeral instance's
 *     TTL ran out), {@code check} (a health check's result changed its health) or
 *     {@code critical} (critical longer than its {@code deregisterAfter})
 * @param instance the instance now, or as it was when it was removed
 */
public record WatchEvent(String namespace, String service, long revision, long previous, String kind,
        String reason, InstanceView instance) {
}
