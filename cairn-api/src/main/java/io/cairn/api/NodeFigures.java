package io.cairn.api;

/**
 * {@code GET /v1/figures}: the node's running totals and levels, the same numbers as its
 * Prometheus meters, in JSON for clients that do not parse Prometheus text (the web console
 * charts rates from two reads). Counters only grow while the node runs; they start at 0 at start.
 *
 * @param node the node's id
 * @param uptimeMillis milliseconds since the node's JVM started: divide counter differences by its difference
 * @param registrations registrations answered here ({@code cairn_registrations_total})
 * @param deregistrations deregistrations answered here ({@code cairn_deregistrations_total})
 * @param lookups reads of a service or an instance answered at once here ({@code cairn_lookups_total})
 * @param heartbeats leases renewed here ({@code cairn_heartbeats_total})
 * @param expired ephemeral instances expired by this node ({@code cairn_instances_expired_total})
 * @param watchers open watches on this node ({@code cairn_watchers})
 * @param leaderChanges leader changes this node's replicas heard ({@code cairn_raft_leader_changes_total})
 * @param heapUsedBytes the JVM's heap in use
 * @param heapMaxBytes the heap's limit ({@code -Xmx}), or -1 when it has none
 */
public record NodeFigures(String node, long uptimeMillis, long registrations, long deregistrations, long lookups,
        long heartbeats, long expired, long watchers, long leaderChanges, long heapUsedBytes, long heapMaxBytes) {
}
