package io.cairn.api;

import java.util.List;

/**
 * One Raft group replica a node holds, in {@code GET /v1/cluster/local}.
 *
 * @param partition the partition number, -1 for the metadata group
 * @param role this replica's role
 * @param leader the leader's node id as this replica knows it, or null
 * @param term the replica's current term
 * @param appliedIndex the last log index this replica applied
 * @param peers the node ids of the group's voters in this replica's configuration
 * @param leaderReady for a leader: it has applied every entry of earlier terms
 */
public record LocalGroup(int partition, String role, String leader, long term, long appliedIndex, List<String> peers,
        boolean leaderReady) {
}
