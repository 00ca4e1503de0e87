package io.cairn.api;

/**
 * One change as a watch stream sends it (SSE event {@code registered}, {@code updated} or
 * {@code deregistered}; the SSE id is the revision).
 *
 * @param namespace the service's namespace
 * @param service the service
 * @param revision the service's revision after the change
 * @param previous the service's revision before it: equal to the revision of the change a
 *     receiver saw last, or something was missed
 * @param kind {@code registered}, {@code updated} or {@code deregistered}
 * @param instance the instance now, or as it was when it was removed
 */
public record WatchEvent(String namespace, String service, long revision, long previous, String kind,
        InstanceView instance) {
}
