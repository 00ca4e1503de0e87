package io.cairn.api;

import java.util.List;

/**
 * One partition in {@code GET /v1/cluster/partitions}.
 *
 * @param partition the partition number
 * @param placement the replicas the placement table wants, preferred leader first
 * @param replicas the group's voters now, as its replicas report them
 * @param leader the node id of its leader, or null while there is none
 * @param term the leader's Raft term (0 without a leader)
 */
public record ClusterPartition(int partition, List<String> placement, List<ReplicaStatus> replicas, String leader,
        long term) {
}
