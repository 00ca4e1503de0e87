package io.cairn.api;

import java.util.List;
import java.util.Map;

/**
 * One instance as reads return it.
 *
 * @param health {@code passing}, {@code warning} or {@code critical}: the worst of its checks'
 *     last results; {@code passing} for an instance without checks
 * @param ephemeral whether it lives by heartbeats
 * @param ttl an ephemeral instance's TTL (e.g. {@code 10s}), else null
 * @param deregisterAfter how long it may stay critical before it is removed, or null
 * @param checks its checks, with resolved URLs and targets; empty when it has none
 */
public record InstanceView(
        String namespace,
        String service,
        String id,
        String address,
        int port,
        List<String> tags,
        Map<String, String> meta,
        int weight,
        String health,
        boolean ephemeral,
        String ttl,
        String deregisterAfter,
        List<CheckDefinition> checks) {

    public static final String PASSING = "passing";
    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";

    /** A passing persistent instance without checks. */
    public InstanceView(String namespace, String service, String id, String address, int port, List<String> tags,
            Map<String, String> meta, int weight) {
        this(namespace, service, id, address, port, tags, meta, weight, PASSING, false, null, null, List.of());
    }

    /** True when its health is {@code passing}. */
    public boolean passing() {
        return PASSING.equals(health);
    }
}
