package io.cairn.api;

import java.util.List;

/**
 * {@code GET /v1/cluster/partitions}.
 *
 * @param epoch the metadata epoch of the placement shown
 * @param partitions every partition, by number
 */
public record ClusterPartitions(long epoch, List<ClusterPartition> partitions) {
}
