package io.cairn.api;

import java.util.List;

/**
 * {@code GET /v1/status}: what this node is and how its partitions stand.
 *
 * @param ready whether the node serves: it belongs to a cluster and the partitions it holds have leaders
 * @param partitions each partition's leader and role, and (when shown to the caller, see
 *     {@link PartitionStatus}) its revision and counts
 * @param protectedNamespaces namespaces whose expiry is paused (empty when all is well), or null
 *     when not shown to the caller (with ACLs on, the same tokens as the partitions' counts)
 * @param dnsPort the port the node answers DNS on (UDP and TCP), or null when its DNS is off
 */
public record NodeStatus(String version, String node, boolean ready, int partitionCount, List<PartitionStatus> partitions,
        List<ExpiryProtection> protectedNamespaces, Integer dnsPort) {
}
