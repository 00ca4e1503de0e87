package io.cairn.api;

import java.util.List;

/**
 * {@code GET /v1/cluster/members}.
 *
 * @param epoch the metadata's change count: it grows with every membership or placement change
 * @param metaLeader the node id leading the metadata group
 * @param partitionCount the cluster's partition count
 * @param replication the wanted replicas per partition
 * @param members every member, by id
 */
public record ClusterMembers(long epoch, String metaLeader, int partitionCount, int replication,
        List<ClusterMember> members) {
}
