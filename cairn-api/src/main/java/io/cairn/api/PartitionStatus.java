package io.cairn.api;

/**
 * One partition as this node sees it.
 *
 * @param partition the partition number
 * @param group the Raft group id
 * @param leader the leader's node id, or null while there is none
 * @param role this node's role in the group (LEADER, FOLLOWER, CANDIDATE)
 * @param revision the partition's latest revision
 * @param appliedIndex the last Raft log index this node applied
 * @param services services with at least one instance
 * @param instances instances over all its services
 */
public record PartitionStatus(
        int partition,
        String group,
        String leader,
        String role,
        long revision,
        long appliedIndex,
        int services,
        int instances) {
}
