package io.cairn.api;

import java.util.List;

/**
 * {@code GET /v1/status}: what this node is and how its partitions stand.
 *
 * @param protectedNamespaces namespaces whose expiry is paused (empty when all is well)
 */
public record NodeStatus(String version, String node, int partitionCount, List<PartitionStatus> partitions,
        List<ExpiryProtection> protectedNamespaces) {
}
