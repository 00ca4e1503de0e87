package io.cairn.api;

import java.util.List;

/** {@code GET /v1/status}: what this node is and how its partitions stand. */
public record NodeStatus(String version, String node, int partitionCount, List<PartitionStatus> partitions) {
}
