package io.cairn.api;

import java.util.List;

/**
 * {@code GET /v1/status}: what this node is and how its partitions stand.
 *
 * @param ready whether the node serves: it belongs to a cluster and the partitions it holds have leaders
 * @param protectedNamespaces namespaces whose expiry is paused (empty when all is well)
 * @param dnsPort the port the node answers DNS on (UDP and TCP), or null when its DNS is off
 */
public record NodeStatus(String version, String node, boolean ready, int partitionCount, List<PartitionStatus> partitions,
        List<ExpiryProtection> protectedNamespaces, Integer dnsPort) {
}
