package io.cairn.testkit;

import io.cairn.api.ClusterMember;
import io.cairn.api.ClusterMembers;
import io.cairn.api.ClusterPartition;
import io.cairn.api.ClusterPartitions;
import io.cairn.api.ReplicaStatus;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a cluster, as one member reports it in {@code /v1/cluster/members} and
 * {@code /v1/cluster/partitions}, is ready for a benchmark: pure functions that return what is
 * still missing, or null when nothing is.
 */
public final class ClusterReadiness {

    private ClusterReadiness() {
    }

    /**
     * Ready to load: every partition has a leader and as many replicas as the cluster wants
     * (its replication, capped at the members that are alive).
     */
    public static String replicatedProblem(ClusterMembers members, ClusterPartitions table) {
        long alive = members.members().stream().filter(m -> m.state().equals("alive")).count();
        long wanted = Math.min(members.replication(), alive);
        if (table.partitions().size() != members.partitionCount()) {
            return "the table lists " + table.partitions().size() + " of " + members.partitionCount() + " partitions";
        }
        for (ClusterPartition p : table.partitions()) {
            if (p.leader() == null) {
                return "partition " + p.partition() + " has no leader";
            }
            if (p.replicas().size() != wanted) {
                return "partition " + p.partition() + " has " + p.replicas().size() + " replicas, not " + wanted;
            }
        }
        return null;
    }

    /**
     * Converged after a restart: the members that run are alive and reachable, and every
     * partition is led by its preferred leader ({@code placement[0]}) and held by exactly the
     * replicas its placement names, none of them on a stopped member.
     *
     * @param running the node ids of the members whose process runs
     */
    public static String convergedProblem(ClusterMembers members, ClusterPartitions table, Set<String> running) {
        Set<String> memberIds = new HashSet<>();
        for (ClusterMember m : members.members()) {
            memberIds.add(m.id());
        }
        // A running node that has not joined yet is not converged, even when the members that
        // exist already are (with --bootstrap-expect the first node forms the cluster alone, and
        // a cluster of one is trivially placed; the others join it a moment later).
        for (String id : running) {
            if (!memberIds.contains(id)) {
                return "node " + id + " is running but not a member yet";
            }
        }
        for (ClusterMember m : members.members()) {
            if (running.contains(m.id()) && (!m.state().equals("alive") || !m.reachable())) {
                return "member " + m.id() + " is " + m.state() + (m.reachable() ? "" : ", unreachable");
            }
        }
        for (ClusterPartition p : table.partitions()) {
            if (p.leader() == null) {
                return "partition " + p.partition() + " has no leader";
            }
            Set<String> held = new HashSet<>();
            for (ReplicaStatus r : p.replicas()) {
                held.add(r.node());
            }
            if (!held.equals(new HashSet<>(p.placement()))) {
                return "partition " + p.partition() + " has replicas " + held + ", placement " + p.placement();
            }
            if (!p.leader().equals(p.placement().get(0))) {
                return "partition " + p.partition() + " is led by " + p.leader() + ", preferred " + p.placement().get(0);
            }
            if (!running.containsAll(held)) {
                return "partition " + p.partition() + " has a replica on a stopped member: " + held;
            }
        }
        return null;
    }
}
