package io.cairn.api;

/**
 * One partition as this node sees it.
 *
 * <p>The revision, applied index and counts tell how much a partition holds and how busy it is,
 * whatever the services' names: with ACLs on they are shown only to a token with the
 * {@code operator} or {@code metrics} right or read on every namespace, and are null for other
 * callers (docs/security.md).
 *
 * @param partition the partition number
 * @param group the Raft group id
 * @param leader the leader's node id, or null while there is none
 * @param role this node's role in the group (LEADER, FOLLOWER, CANDIDATE, or NONE without a replica here)
 * @param revision the partition's latest revision, or null when not shown to the caller
 * @param appliedIndex the last Raft log index this node applied, or null when not shown to the caller
 * @param services services with at least one instance, or null when not shown to the caller
 * @param instances instances over all its services, or null when not shown to the caller
 */
public record PartitionStatus(
        int partition,
        String group,
        String leader,
        String role,
        Long revision,
        Long appliedIndex,
        Integer services,
        Integer instances) {

    /** This partition with only what a readiness check needs: no revision, index or counts. */
    public PartitionStatus withoutCounts() {
        return new PartitionStatus(partition, group, leader, role, null, null, null, null);
    }
}
