package io.cairn.api;

import java.util.List;
import java.util.Map;

/**
 * The body of a registration ({@code PUT /v1/services/{service}/instances/{id}} or
 * {@code POST /v1/services/{service}/instances}). Absent fields take their documented defaults:
 * no tags, no metadata, weight 100, persistent (not ephemeral), no checks.
 *
 * @param ephemeral true for an instance its owner keeps alive with heartbeats; it is removed
 *     when none arrives within {@code ttl}
 * @param ttl how long an ephemeral instance lives without a heartbeat, a duration such as
 *     {@code 10s} or {@code 500ms} (default 10s, at least 1s); only for ephemeral instances
 * @param deregisterAfter removes the instance once its checks have been critical this long
 *     (a duration; needs at least one check)
 * @param checks active health checks the registry runs against the instance
 */
public record InstanceRequest(
        String address,
        Integer port,
        List<String> tags,
        Map<String, String> meta,
        Integer weight,
        Boolean ephemeral,
        String ttl,
        String deregisterAfter,
        List<CheckDefinition> checks) {

    /** A persistent instance without checks. */
    public InstanceRequest(String address, Integer port, List<String> tags, Map<String, String> meta, Integer weight) {
        this(address, port, tags, meta, weight, null, null, null, null);
    }

    /**
     * The registration that makes an instance as {@code view} shows it (its address, port, tags,
     * metadata, weight, lifetime and checks; health is the registry's to find again).
     */
    public static InstanceRequest of(InstanceView view) {
        return new InstanceRequest(view.address(), view.port(), view.tags(), view.meta(), view.weight(),
                view.ephemeral() ? Boolean.TRUE : null, view.ttl(), view.deregisterAfter(),
                view.checks() == null || view.checks().isEmpty() ? null : view.checks());
    }

    /** The same registration, ephemeral with this TTL (null for the default). */
    public InstanceRequest asEphemeral(String ttl) {
        return new InstanceRequest(address, port, tags, meta, weight, true, ttl, deregisterAfter, checks);
    }
}
